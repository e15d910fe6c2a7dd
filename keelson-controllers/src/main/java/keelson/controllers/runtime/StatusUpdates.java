package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.function.Consumer;

/** Status subresource writes as the workload controllers make them. */
public final class StatusUpdates {
  private StatusUpdates() {
  }

  /**
   * PUTs {@code object}'s status; on a conflict, reads the object afresh and tries once more with the
   * same status (upstream's storeDaemonSetStatus and updateReplicaSetStatus). An object gone by
   * then needs no status.
   *
   * @param object a copy the caller may have mutated (never the cached object)
   * @param setStatus puts the new status on the object given to it
   * @throws KubernetesClientException when the API refuses other than by a first conflict
   */
  public static <T extends HasMetadata> void updateRetryingOnce(NonNamespaceOperation<T, ?, ? extends Resource<T>> objects,
      T object, Consumer<T> setStatus) {
    setStatus.accept(object);
    try {
      objects.resource(object).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      T fresh = objects.withName(object.getMetadata().getName()).get();
      if (fresh == null) {
        return;
      }
      setStatus.accept(fresh);
      objects.resource(fresh).updateStatus();
    }
  }
}
