package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.util.List;
import keelson.api.registry.ResourceType;
import keelson.api.schema.ObjectSchema;
import keelson.api.schema.Schemas;

/** Builds the OpenAPI 3.0 document of one group-version from the kinds it serves. */
final class GroupVersionDocument {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GroupVersionDocument() {}

  /** Returns the document for kinds that all share one group and version. */
  static ObjectNode build(List<ResourceType> types) {
    ResourceType first = types.get(0);
    SchemaComponents components = new SchemaComponents();
    ObjectNode paths = NODES.objectNode();
    for (ResourceType type : types) {
      ObjectSchema kind = Schemas.of(type);
      ObjectSchema list = Schemas.of(listClassOf(type));
      components.add(kind, List.of(SchemaComponents.gvk(type.group(), type.version(), type.kind())));
      components.add(list, List.of(SchemaComponents.gvk(type.group(), type.version(), type.listKind())));
      if (type.hasSubresource("scale")) {
        components.add(Schemas.of(Scale.class), List.of(SchemaComponents.gvk("autoscaling", "v1", "Scale")));
      }
      if (type.hasSubresource("binding")) {
        components.add(Schemas.of(Binding.class), List.of(SchemaComponents.gvk("", "v1", "Binding")));
      }
      new ResourcePaths(type, kind.name(), list.name()).addTo(paths);
    }
    components.add(Schemas.of(Status.class), List.of(SchemaComponents.gvk("", "v1", "Status")));
    components.add(Schemas.of(DeleteOptions.class), deleteOptionsKinds(first));
    components.add(Schemas.of(WatchEvent.class), List.of(SchemaComponents.gvk(first.group(), first.version(), "WatchEvent")));
    components.addRaw(
        ResourcePaths.PATCH_SCHEMA,
        NODES.objectNode()
            .put("description", "A patch document; its format is given by the request's Content-Type.")
            .put("type", "object"));

    ObjectNode document = NODES.objectNode();
    document.put("openapi", "3.0.0");
    document.putObject("info").put("title", "Keelson").put("version", "v1.32.0");
    document.set("paths", paths);
    document.putObject("components").set("schemas", components.toJson());
    return document;
  }

  private static List<ObjectNode> deleteOptionsKinds(ResourceType type) {
    ObjectNode core = SchemaComponents.gvk("", "v1", "DeleteOptions");
    return type.group().isEmpty()
        ? List.of(core)
        : List.of(core, SchemaComponents.gvk(type.group(), type.version(), "DeleteOptions"));
  }

  /** Returns fabric8's list class of a kind: it sits beside the kind's class with a List suffix. */
  private static Class<?> listClassOf(ResourceType type) {
    try {
      return Class.forName(type.model().getName() + "List", false, type.model().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("fabric8 has no list class for " + type.kind(), e);
    }
  }
}
