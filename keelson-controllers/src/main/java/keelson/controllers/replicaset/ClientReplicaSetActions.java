package keelson.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.PodControl;
import keelson.controllers.runtime.StatusUpdates;

/** {@link ReplicaSetActions} through the fabric8 client. */
public final class ClientReplicaSetActions implements ReplicaSetActions {
  private final KubernetesClient client;
  private final PodControl pods;
  private final EventRecorder events;

  public ClientReplicaSetActions(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.pods = new PodControl(client);
    this.events = events;
  }

  @Override
  public Pod createPod(Pod pod) {
    return pods.createPod(pod);
  }

  @Override
  public boolean deletePod(Pod pod) {
    return pods.deletePod(pod);
  }

  @Override
  public void adoptPod(ReplicaSet rs, Pod pod) {
    pods.adoptPod("apps/v1", "ReplicaSet", rs, pod);
  }

  @Override
  public void releasePod(ReplicaSet rs, Pod pod) {
    pods.releasePod(rs, pod);
  }

  @Override
  public Optional<ReplicaSet> readReplicaSet(String namespace, String name) {
    return Optional.ofNullable(client.apps().replicaSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void updateStatus(ReplicaSet rs, ReplicaSetStatus status) {
    StatusUpdates.updateRetryingOnce(client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()),
        DaemonPods.copy(rs), r -> r.setStatus(status));
  }

  @Override
  public void event(ReplicaSet rs, String type, String reason, String message) {
    events.event(rs, type, reason, message);
  }
}
