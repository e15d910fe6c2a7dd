package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.Optional;
import keelson.controllers.daemonset.DaemonPods;
import keelson.controllers.runtime.EventRecorder;
import keelson.controllers.runtime.OwnerPatches;

/** {@link DeploymentActions} through the fabric8 client. */
public final class ClientDeploymentActions implements DeploymentActions {
  private final KubernetesClient client;
  private final EventRecorder events;

  public ClientDeploymentActions(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public ReplicaSet createReplicaSet(ReplicaSet rs) {
    try {
      return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).create();
    } catch (KubernetesClientException e) {
      throw e.getCode() == HttpURLConnection.HTTP_CONFLICT ? new Conflict(e.getMessage()) : e;
    }
  }

  @Override
  public ReplicaSet updateReplicaSet(ReplicaSet rs) {
    try {
      return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).update();
    } catch (KubernetesClientException e) {
      throw e.getCode() == HttpURLConnection.HTTP_CONFLICT ? new Conflict(e.getMessage()) : e;
    }
  }

  @Override
  public void deleteReplicaSet(ReplicaSet rs) {
    client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
        .delete();
  }

  @Override
  public Optional<ReplicaSet> readReplicaSet(String namespace, String name) {
    return Optional.ofNullable(client.apps().replicaSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void adoptReplicaSet(Deployment d, ReplicaSet rs) {
    OwnerPatches.apply(replicaSet(rs), OwnerPatches.adopt("apps/v1", "Deployment", d, rs));
  }

  @Override
  public void releaseReplicaSet(Deployment d, ReplicaSet rs) {
    OwnerPatches.apply(replicaSet(rs), OwnerPatches.release(d, rs));
  }

  private Resource<ReplicaSet> replicaSet(ReplicaSet rs) {
    return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName());
  }

  @Override
  public Optional<Deployment> readDeployment(String namespace, String name) {
    return Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Deployment annotateRevision(Deployment d, String revision) {
    return client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
            + DeploymentRevisions.REVISION + "\":\"" + revision + "\"}}}");
  }

  @Override
  public void updateStatus(Deployment d, DeploymentStatus status) {
    Deployment toUpdate = DaemonPods.copy(d);
    toUpdate.setStatus(status);
    try {
      client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(toUpdate).updateStatus();
    } catch (KubernetesClientException e) {
      throw e.getCode() == HttpURLConnection.HTTP_CONFLICT ? new Conflict(e.getMessage()) : e;
    }
  }

  @Override
  public void event(Deployment d, String type, String reason, String message) {
    events.event(d, type, reason, message);
  }
}
