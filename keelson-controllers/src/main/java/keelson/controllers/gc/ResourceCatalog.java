package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds the collector watches and can resolve owner references to: every served resource that
 * can be listed, watched and deleted, found by discovery (as upstream's GC builds its monitors from
 * discovery), less events, which never take part in ownership.
 */
public final class ResourceCatalog {

  /** One served resource in its preferred version. */
  public record Resource(String group, String version, String plural, String kind, boolean namespaced) {
    public String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    /** Returns the path of one object of this resource, e.g. {@code /apis/apps/v1/namespaces/ns/statefulsets/web}. */
    public String path(String namespace, String name) {
      String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
      return prefix + (namespaced ? "/namespaces/" + namespace : "") + "/" + plural + "/" + name;
    }

    public ResourceDefinitionContext context() {
      return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
          .withKind(kind).withNamespaced(namespaced).build();
    }
  }

  private final List<Resource> resources;
  private final Map<String, Resource> byGroupKind;

  public ResourceCatalog(List<Resource> resources) {
    this.resources = List.copyOf(resources);
    this.byGroupKind = this.resources.stream()
        .collect(Collectors.toMap(r -> r.group() + "/" + r.kind(), Function.identity(), (a, b) -> a));
  }

  /** Discovers the served resources; throws if the API server does not answer. */
  public static ResourceCatalog discover(KubernetesClient client) {
    List<Resource> found = new ArrayList<>();
    addAll(found, "", "v1", client.getApiResources("v1"));
    for (APIGroup group : client.getApiGroups().getGroups()) {
      String version = group.getPreferredVersion() != null ? group.getPreferredVersion().getVersion()
          : group.getVersions().get(0).getVersion();
      addAll(found, group.getName(), version, client.getApiResources(group.getName() + "/" + version));
    }
    return new ResourceCatalog(found);
  }

  private static void addAll(List<Resource> into, String group, String version, APIResourceList list) {
    if (list == null || list.getResources() == null) {
      return;
    }
    for (APIResource r : list.getResources()) {
      if (isCollectable(group, r)) {
        into.add(new Resource(group, version, r.getName(), r.getKind(), Boolean.TRUE.equals(r.getNamespaced())));
      }
    }
  }

  /** Returns whether the collector watches a discovered resource. */
  static boolean isCollectable(String group, APIResource r) {
    if (r.getName().contains("/") || r.getVerbs() == null) {
      return false; // subresources
    }
    if (r.getName().equals("events") && (group.isEmpty() || group.equals("events.k8s.io"))) {
      return false;
    }
    return r.getVerbs().containsAll(List.of("list", "watch", "delete", "get", "update"));
  }

  /** Returns every resource. */
  public List<Resource> resources() {
    return resources;
  }

  /** Returns the resource of a kind in an API group (any version), if served. */
  public Optional<Resource> find(String group, String kind) {
    return Optional.ofNullable(byGroupKind.get(group + "/" + kind));
  }
}
