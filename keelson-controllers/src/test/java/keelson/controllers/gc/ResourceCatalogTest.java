package keelson.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceCatalogTest {
  static final List<String> ALL = List.of("create", "delete", "get", "list", "patch", "update", "watch");

  @Test
  void watchesDeletableKindsButNotEventsOrSubresources() {
    assertThat(ResourceCatalog.isCollectable("apps",
        new APIResourceBuilder().withName("statefulsets").withKind("StatefulSet").withVerbs(ALL).build())).isTrue();
    assertThat(ResourceCatalog.isCollectable("",
        new APIResourceBuilder().withName("events").withKind("Event").withVerbs(ALL).build())).isFalse();
    assertThat(ResourceCatalog.isCollectable("events.k8s.io",
        new APIResourceBuilder().withName("events").withKind("Event").withVerbs(ALL).build())).isFalse();
    assertThat(ResourceCatalog.isCollectable("apps",
        new APIResourceBuilder().withName("statefulsets/status").withKind("StatefulSet").withVerbs(ALL).build()))
        .isFalse();
    assertThat(ResourceCatalog.isCollectable("",
        new APIResourceBuilder().withName("bindings").withKind("Binding").withVerbs("create").build())).isFalse();
  }

  @Test
  void resolvesOwnersByGroupAndKindWhateverTheirVersion() {
    var catalog = new ResourceCatalog(List.of(
        new ResourceCatalog.Resource("apps", "v1", "statefulsets", "StatefulSet", true),
        new ResourceCatalog.Resource("", "v1", "nodes", "Node", false)));
    var sts = catalog.find(new ObjectRef("apps/v1beta1", "StatefulSet", "ns", "web", "u").group(), "StatefulSet");
    assertThat(sts).isPresent();
    assertThat(sts.get().path("ns", "web")).isEqualTo("/apis/apps/v1/namespaces/ns/statefulsets/web");
    assertThat(catalog.find("", "Node").get().path(null, "n1")).isEqualTo("/api/v1/nodes/n1");
    assertThat(catalog.find("", "Service")).isEmpty();
  }
}
