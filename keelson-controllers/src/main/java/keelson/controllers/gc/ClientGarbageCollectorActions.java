package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/** {@link GarbageCollectorActions} over the fabric8 client, with generic resources. */
final class ClientGarbageCollectorActions implements GarbageCollectorActions {
  private final KubernetesClient client;
  private final ResourceCatalog catalog;

  ClientGarbageCollectorActions(KubernetesClient client, ResourceCatalog catalog) {
    this.client = client;
    this.catalog = catalog;
  }

  @Override
  public Optional<GraphNode> get(ObjectRef ref) {
    if (resolve(ref).namespaced() && ref.namespace() == null) {
      return Optional.empty(); // a cluster-scoped dependent cannot have a namespaced owner
    }
    GenericKubernetesResource object = resource(ref).get();
    return Optional.ofNullable(object).map(o -> GraphNode.of(o, ref.apiVersion(), ref.kind()));
  }

  @Override
  public void delete(ObjectRef ref, String propagationPolicy) {
    // fabric8's delete cannot carry a uid precondition, so send the DeleteOptions ourselves: the
    // precondition keeps a namesake created meanwhile from being deleted in the old one's place.
    ResourceCatalog.Resource resource = resolve(ref);
    String url = client.getMasterUrl().toString().replaceAll("/+$", "") + resource.path(ref.namespace(), ref.name());
    String body = Serialization.asJson(Map.of("kind", "DeleteOptions", "apiVersion", "v1",
        "propagationPolicy", propagationPolicy, "preconditions", Map.of("uid", ref.uid())));
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
        .delete("application/json", body).build();
    try {
      HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
      if (response.code() == 404 || response.isSuccessful()) {
        return;
      }
      throw new KubernetesClientException("DELETE " + url + " answered " + response.code() + ": " + response.body(),
          response.code(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("DELETE " + url + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void updateOwnerReferences(ObjectRef ref, UnaryOperator<List<OwnerReference>> change) {
    GenericKubernetesResource object = resource(ref).get();
    if (object == null || !ref.uid().equals(object.getMetadata().getUid())) {
      return;
    }
    List<OwnerReference> before = object.getMetadata().getOwnerReferences() == null ? List.of()
        : object.getMetadata().getOwnerReferences();
    List<OwnerReference> after = change.apply(before);
    if (after.equals(before)) {
      return;
    }
    object.getMetadata().setOwnerReferences(new ArrayList<>(after));
    // An update carries the resourceVersion read above: a concurrent writer makes it fail with 409
    // and the work is retried on fresh data.
    ops(ref).resource(object).update();
  }

  @Override
  public void removeFinalizer(ObjectRef ref, String finalizer) {
    GenericKubernetesResource object = resource(ref).get();
    if (object == null || !ref.uid().equals(object.getMetadata().getUid())
        || object.getMetadata().getFinalizers() == null || !object.getMetadata().getFinalizers().contains(finalizer)) {
      return;
    }
    List<String> finalizers = new ArrayList<>(object.getMetadata().getFinalizers());
    finalizers.remove(finalizer);
    object.getMetadata().setFinalizers(finalizers);
    ops(ref).resource(object).update();
  }

  private ResourceCatalog.Resource resolve(ObjectRef ref) {
    return catalog.find(ref.group(), ref.kind())
        .orElseThrow(() -> new IllegalStateException("kind " + ref.apiVersion() + " " + ref.kind() + " is not served"));
  }

  private Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    return ops(ref).withName(ref.name());
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList, Resource<GenericKubernetesResource>> ops(ObjectRef ref) {
    ResourceCatalog.Resource resource = resolve(ref);
    MixedOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
        Resource<GenericKubernetesResource>> all = client.genericKubernetesResources(resource.context());
    return resource.namespaced() ? all.inNamespace(ref.namespace()) : all;
  }
}
