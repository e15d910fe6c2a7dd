package keelson.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.Optional;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.runtime.EventRecorder;

/** {@link ReplicaSetActions} through the fabric8 client. */
public final class ClientReplicaSetActions implements ReplicaSetActions {
  private final KubernetesClient client;
  private final EventRecorder events;

  public ClientReplicaSetActions(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public Pod createPod(Pod pod) {
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  @Override
  public boolean deletePod(Pod pod) {
    return !client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .delete().isEmpty();
  }

  @Override
  public void adoptPod(ReplicaSet rs, Pod pod) {
    patch(pod, "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\""
        + rs.getMetadata().getName() + "\",\"uid\":\"" + rs.getMetadata().getUid()
        + "\",\"controller\":true,\"blockOwnerDeletion\":true}],\"uid\":\"" + pod.getMetadata().getUid() + "\"}}");
  }

  @Override
  public void releasePod(ReplicaSet rs, Pod pod) {
    patch(pod, "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"" + rs.getMetadata().getUid()
        + "\"}],\"uid\":\"" + pod.getMetadata().getUid() + "\"}}");
  }

  private void patch(Pod pod, String body) {
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), body);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != 422) {
        throw e;
      }
    }
  }

  @Override
  public Optional<ReplicaSet> readReplicaSet(String namespace, String name) {
    return Optional.ofNullable(client.apps().replicaSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void updateStatus(ReplicaSet rs, ReplicaSetStatus status) {
    var resource = client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace());
    ReplicaSet toUpdate = DaemonPods.copy(rs);
    toUpdate.setStatus(status);
    try {
      resource.resource(toUpdate).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      ReplicaSet fresh = resource.withName(rs.getMetadata().getName()).get();
      if (fresh != null) {
        fresh.setStatus(status);
        resource.resource(fresh).updateStatus();
      }
    }
  }

  @Override
  public void event(ReplicaSet rs, String type, String reason, String message) {
    if ("Warning".equals(type)) {
      events.warning(rs, reason, message);
    } else {
      events.normal(rs, reason, message);
    }
  }
}
