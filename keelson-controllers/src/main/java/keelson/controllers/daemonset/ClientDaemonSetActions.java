package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.OwnerPatches;
import keelson.controllers.runtime.PodControl;
import keelson.controllers.runtime.StatusUpdates;

/** {@link DaemonSetActions} through the fabric8 client: plain REST calls against the API server. */
public final class ClientDaemonSetActions implements DaemonSetActions {
  private final KubernetesClient client;
  private final PodControl pods;
  private final EventRecorder events;

  public ClientDaemonSetActions(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.pods = new PodControl(client);
    this.events = events;
  }

  @Override
  public String createPod(Pod pod) {
    return pods.createPodNamed(pod);
  }

  @Override
  public boolean deletePod(Pod pod) {
    return pods.deletePod(pod);
  }

  @Override
  public void adoptPod(DaemonSet ds, Pod pod) {
    pods.adoptPod(ds.getApiVersion(), ds.getKind(), ds, pod);
  }

  @Override
  public void releasePod(DaemonSet ds, Pod pod) {
    pods.releasePod(ds, pod);
  }

  @Override
  public Optional<DaemonSet> readDaemonSet(String namespace, String name) {
    return Optional.ofNullable(client.apps().daemonSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public boolean createRevision(ControllerRevision revision) {
    try {
      client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace()).resource(revision).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<ControllerRevision> readRevision(String namespace, String name) {
    return Optional.ofNullable(client.apps().controllerRevisions().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void updateRevision(ControllerRevision revision) {
    client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace()).resource(revision).update();
  }

  @Override
  public void deleteRevision(ControllerRevision revision) {
    client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName()).delete();
  }

  @Override
  public void adoptRevision(DaemonSet ds, ControllerRevision revision) {
    OwnerPatches.apply(client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName()), OwnerPatches.adopt(ds.getApiVersion(), ds.getKind(), ds, revision));
  }

  @Override
  public void releaseRevision(DaemonSet ds, ControllerRevision revision) {
    OwnerPatches.apply(client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName()), OwnerPatches.release(ds, revision));
  }

  @Override
  public void updateStatus(DaemonSet ds, DaemonSetStatus status) {
    StatusUpdates.updateRetryingOnce(client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()),
        DaemonPods.copy(ds), d -> d.setStatus(status));
  }

  @Override
  public void event(DaemonSet ds, String type, String reason, String message) {
    events.event(ds, type, reason, message);
  }
}
