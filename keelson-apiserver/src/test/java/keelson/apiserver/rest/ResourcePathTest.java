package keelson.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import keelson.api.registry.BuiltinResources;
import org.junit.jupiter.api.Test;

class ResourcePathTest {
  private static ResourcePath parse(String group, String version, String path) {
    return ResourcePath.parse(group, version, path.split("/")).orElse(null);
  }

  @Test
  void parsesNamespacedObjectsAndSubresources() {
    assertThat(parse("apps", "v1", "namespaces/default/statefulsets/web/scale"))
        .isEqualTo(new ResourcePath(BuiltinResources.STATEFUL_SETS, "default", "web", "scale"));
    assertThat(parse("", "v1", "namespaces/default/pods"))
        .isEqualTo(new ResourcePath(BuiltinResources.PODS, "default", null, null));
  }

  @Test
  void tellsANamespaceObjectFromANamespacedCollection() {
    assertThat(parse("", "v1", "namespaces/default"))
        .isEqualTo(new ResourcePath(BuiltinResources.NAMESPACES, null, "default", null));
    assertThat(parse("", "v1", "namespaces/kube-system/status"))
        .isEqualTo(new ResourcePath(BuiltinResources.NAMESPACES, null, "kube-system", "status"));
  }

  @Test
  void refusesWhatIsNotServed() {
    assertThat(parse("", "v1", "nosuch")).isNull();
    assertThat(parse("apps", "v1", "namespaces/default/statefulsets/web/log")).isNull();
    assertThat(parse("", "v1", "namespaces/default/nodes/n1")).isNull();
  }

  @Test
  void listsAcrossNamespacesWithoutANamespace() {
    assertThat(parse("", "v1", "pods")).isEqualTo(new ResourcePath(BuiltinResources.PODS, null, null, null));
  }
}
