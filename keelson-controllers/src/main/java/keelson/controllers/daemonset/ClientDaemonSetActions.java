package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.Optional;
import keelson.controllers.runtime.EventRecorder;

/** {@link DaemonSetActions} through the fabric8 client: plain REST calls against the API server. */
public final class ClientDaemonSetActions implements DaemonSetActions {
  private static final PatchContext STRATEGIC = PatchContext.of(PatchType.STRATEGIC_MERGE);

  private final KubernetesClient client;
  private final EventRecorder events;

  public ClientDaemonSetActions(KubernetesClient client, EventRecorder events) {
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
  public void adoptPod(DaemonSet ds, Pod pod) {
    patchOwner(client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()),
        adoptPatch(ds, pod));
  }

  @Override
  public void releasePod(DaemonSet ds, Pod pod) {
    patchOwner(client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()),
        releasePatch(ds, pod));
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
    patchOwner(client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName()), adoptPatch(ds, revision));
  }

  @Override
  public void releaseRevision(DaemonSet ds, ControllerRevision revision) {
    patchOwner(client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName()), releasePatch(ds, revision));
  }

  @Override
  public void updateStatus(DaemonSet ds, DaemonSetStatus status) {
    var resource = client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace());
    DaemonSet toUpdate = DaemonPods.copy(ds);
    toUpdate.setStatus(status);
    try {
      resource.resource(toUpdate).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // One retry against the fresh object, as storeDaemonSetStatus does.
      DaemonSet fresh = resource.withName(ds.getMetadata().getName()).get();
      if (fresh == null) {
        return;
      }
      fresh.setStatus(status);
      resource.resource(fresh).updateStatus();
    }
  }

  @Override
  public void event(DaemonSet ds, String type, String reason, String message) {
    if ("Warning".equals(type)) {
      events.warning(ds, reason, message);
    } else {
      events.normal(ds, reason, message);
    }
  }

  /** Strategic merge patch adding {@code ds} as controller; the uid guards against a recreated object. */
  static String adoptPatch(HasMetadata owner, HasMetadata object) {
    return "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"" + owner.getApiVersion() + "\",\"kind\":\""
        + owner.getKind() + "\",\"name\":\"" + owner.getMetadata().getName() + "\",\"uid\":\""
        + owner.getMetadata().getUid() + "\",\"controller\":true,\"blockOwnerDeletion\":true}],\"uid\":\""
        + object.getMetadata().getUid() + "\"}}";
  }

  /** Strategic merge patch deleting {@code owner}'s reference. */
  static String releasePatch(HasMetadata owner, HasMetadata object) {
    return "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"" + owner.getMetadata().getUid()
        + "\"}],\"uid\":\"" + object.getMetadata().getUid() + "\"}}";
  }

  private static void patchOwner(io.fabric8.kubernetes.client.dsl.Resource<?> resource, String patch) {
    try {
      resource.patch(STRATEGIC, patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != 422) {
        throw e;
      }
    }
  }
}
