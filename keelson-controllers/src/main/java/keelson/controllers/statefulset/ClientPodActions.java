package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.PodControl;
import keelson.controllers.runtime.StatusUpdates;

/** {@link PodActions} through the fabric8 client, events through the shared {@link EventRecorder}. */
public final class ClientPodActions implements PodActions {
  private final KubernetesClient client;
  private final PodControl pods;
  private final EventRecorder events;

  public ClientPodActions(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.pods = new PodControl(client);
    this.events = events;
  }

  @Override
  public void createPod(Pod pod) {
    pods.createPod(pod);
  }

  @Override
  public void updatePod(Pod pod) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).update();
  }

  @Override
  public void deletePod(Pod pod) {
    if (!pods.deletePod(pod)) {
      throw new KubernetesClientException("pods \"" + pod.getMetadata().getName() + "\" not found", 404, null);
    }
  }

  @Override
  public void createClaim(PersistentVolumeClaim claim) {
    client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).create();
  }

  @Override
  public void updateClaim(PersistentVolumeClaim claim) {
    client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).update();
  }

  @Override
  public ControllerRevision createRevision(ControllerRevision revision) {
    return client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .resource(revision).create();
  }

  @Override
  public Optional<ControllerRevision> getRevision(String namespace, String name) {
    return Optional.ofNullable(client.apps().controllerRevisions().inNamespace(namespace).withName(name).get());
  }

  @Override
  public ControllerRevision updateRevision(ControllerRevision revision) {
    return client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .resource(revision).update();
  }

  @Override
  public void deleteRevision(ControllerRevision revision) {
    client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName()).delete();
  }

  @Override
  public void updateStatus(StatefulSet set, StatefulSetStatus status) {
    // As upstream's status updater: PUT the status on the set we decided from; on a conflict (the set
    // changed meanwhile) read it afresh and try again. One request in the usual case, not a GET and
    // a PATCH.
    StatusUpdates.updateRetryingOnce(client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()),
        new StatefulSetBuilder(set).build(), copy -> copy.setStatus(status));
  }

  @Override
  public Optional<StatefulSet> getStatefulSet(String namespace, String name) {
    return Optional.ofNullable(client.apps().statefulSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void setPodOwners(Pod pod, List<OwnerReference> ownerReferences) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .edit(latest -> {
          requireSameUid(latest.getMetadata().getUid(), pod.getMetadata().getUid(), "pods", pod.getMetadata().getName());
          latest.getMetadata().setOwnerReferences(new ArrayList<>(ownerReferences));
          return latest;
        });
  }

  @Override
  public void setRevisionOwners(ControllerRevision revision, List<OwnerReference> ownerReferences) {
    client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
        .withName(revision.getMetadata().getName())
        .edit(latest -> {
          requireSameUid(latest.getMetadata().getUid(), revision.getMetadata().getUid(), "controllerrevisions",
              revision.getMetadata().getName());
          latest.getMetadata().setOwnerReferences(new ArrayList<>(ownerReferences));
          return latest;
        });
  }

  /** The object may have been deleted and recreated since we saw it: then it is not the one we meant. */
  private static void requireSameUid(String actual, String expected, String resource, String name) {
    if (expected != null && !expected.equals(actual)) {
      throw new KubernetesClientException(resource + " \"" + name + "\" not found (uid changed)", 404, null);
    }
  }

  @Override
  public void recordEvent(StatefulSet set, String type, String reason, String message) {
    events.event(set, type, reason, message);
  }
}
