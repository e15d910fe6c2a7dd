package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import keelson.api.registry.ResourceType;

/**
 * Writes the {@code paths} entries of one served kind: its collection, its objects, the
 * all-namespaces list and its subresources, each operation tagged with the group-version-kind it
 * reads or writes and the verb as {@code x-kubernetes-action}.
 */
final class ResourcePaths {
  static final String PATCH_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
  static final String STATUS_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
  static final String DELETE_OPTIONS_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
  static final String SCALE_SCHEMA = "io.k8s.api.autoscaling.v1.Scale";
  static final String BINDING_SCHEMA = "io.k8s.api.core.v1.Binding";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] PATCH_MEDIA_TYPES = {
    "application/apply-patch+yaml",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json"
  };

  private final ResourceType type;
  private final String kindSchema;
  private final String listSchema;
  private final String operationPrefix;
  private final String tag;

  ResourcePaths(ResourceType type, String kindSchema, String listSchema) {
    this.type = type;
    this.kindSchema = kindSchema;
    this.listSchema = listSchema;
    String groupName = type.group().isEmpty() ? "core" : type.group().split("\\.")[0];
    this.operationPrefix = capitalize(groupName) + capitalize(type.version());
    this.tag = groupName + "_" + type.version();
  }

  /** Adds this kind's path items to a document's {@code paths}. */
  void addTo(ObjectNode paths) {
    String root = type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.apiVersion();
    String scope = type.namespaced() ? "Namespaced" : "";
    String collection =
        type.namespaced() ? root + "/namespaces/{namespace}/" + type.plural() : root + "/" + type.plural();
    String item = collection + "/{name}";
    ObjectNode kindGvk = SchemaComponents.gvk(type.group(), type.version(), type.kind());

    ObjectNode collectionPath = pathItem(false);
    collectionPath.set("get", operation("list" + scope + type.kind(), "list", kindGvk, QueryParameters.list())
        .set("responses", responses(listSchema, true, "200")));
    collectionPath.set("post", write("create" + scope + type.kind(), "post", kindGvk, kindSchema, "200", "201", "202"));
    collectionPath.set("delete", deleteCollection("deleteCollection" + scope + type.kind(), kindGvk));
    paths.set(collection, collectionPath);

    ObjectNode itemPath = pathItem(true);
    itemPath.set("get", read("read" + scope + type.kind(), kindGvk, kindSchema));
    itemPath.set("put", write("replace" + scope + type.kind(), "put", kindGvk, kindSchema, "200", "201"));
    itemPath.set("patch", patch("patch" + scope + type.kind(), kindGvk, kindSchema));
    itemPath.set("delete", delete("delete" + scope + type.kind(), kindGvk));
    paths.set(item, itemPath);

    if (type.namespaced()) {
      ObjectNode allNamespaces = NODES.objectNode();
      allNamespaces.set("get", operation("list" + type.kind() + "ForAllNamespaces", "list", kindGvk,
          QueryParameters.list()).set("responses", responses(listSchema, true, "200")));
      allNamespaces.putArray("parameters").add(QueryParameters.pretty());
      paths.set(root + "/" + type.plural(), allNamespaces);
    }

    if (type.hasSubresource("status")) {
      ObjectNode status = pathItem(true);
      String id = scope + type.kind() + "Status";
      status.set("get", read("read" + id, kindGvk, kindSchema));
      status.set("put", write("replace" + id, "put", kindGvk, kindSchema, "200", "201"));
      status.set("patch", patch("patch" + id, kindGvk, kindSchema));
      paths.set(item + "/status", status);
    }
    if (type.hasSubresource("scale")) {
      ObjectNode scale = pathItem(true);
      ObjectNode scaleGvk = SchemaComponents.gvk("autoscaling", "v1", "Scale");
      String id = scope + type.kind() + "Scale";
      scale.set("get", read("read" + id, scaleGvk, SCALE_SCHEMA));
      scale.set("put", write("replace" + id, "put", scaleGvk, SCALE_SCHEMA, "200", "201"));
      scale.set("patch", patch("patch" + id, scaleGvk, SCALE_SCHEMA));
      paths.set(item + "/scale", scale);
    }
    if (type.hasSubresource("binding")) {
      ObjectNode binding = pathItem(true);
      binding.set("post", write("create" + scope + type.kind() + "Binding", "post",
          SchemaComponents.gvk("", "v1", "Binding"), BINDING_SCHEMA, "200", "201", "202"));
      paths.set(item + "/binding", binding);
    }
    if (type.hasSubresource("finalize")) {
      ObjectNode finalize = pathItem(true);
      finalize.set("put", write("replace" + scope + type.kind() + "Finalize", "put", kindGvk, kindSchema,
          "200", "201"));
      paths.set(item + "/finalize", finalize);
    }
  }

  private ObjectNode pathItem(boolean item) {
    ObjectNode path = NODES.objectNode();
    ArrayNode parameters = path.putArray("parameters");
    if (item) {
      parameters.add(QueryParameters.name(type.kind()));
    }
    if (type.namespaced()) {
      parameters.add(QueryParameters.namespace());
    }
    parameters.add(QueryParameters.pretty());
    return path;
  }

  private ObjectNode read(String id, ObjectNode gvk, String schema) {
    return operation(id, "get", gvk, NODES.arrayNode()).set("responses", responses(schema, false, "200"));
  }

  private ObjectNode write(String id, String action, ObjectNode gvk, String schema, String... codes) {
    ObjectNode operation = operation(id, action, gvk, QueryParameters.write());
    ObjectNode body = operation.putObject("requestBody");
    body.putObject("content").putObject("*/*").set("schema", SchemaComponents.ref(schema));
    body.put("required", true);
    operation.set("responses", responses(schema, false, codes));
    return operation;
  }

  private ObjectNode patch(String id, ObjectNode gvk, String schema) {
    ObjectNode operation = operation(id, "patch", gvk, QueryParameters.patch());
    ObjectNode body = operation.putObject("requestBody");
    ObjectNode content = body.putObject("content");
    for (String mediaType : PATCH_MEDIA_TYPES) {
      content.putObject(mediaType).set("schema", SchemaComponents.ref(PATCH_SCHEMA));
    }
    body.put("required", true);
    operation.set("responses", responses(schema, false, "200", "201"));
    return operation;
  }

  private ObjectNode delete(String id, ObjectNode gvk) {
    ObjectNode operation = operation(id, "delete", gvk, QueryParameters.delete());
    operation.putObject("requestBody").putObject("content").putObject("*/*")
        .set("schema", SchemaComponents.ref(DELETE_OPTIONS_SCHEMA));
    operation.set("responses", responses(kindSchema, false, "200", "202"));
    return operation;
  }

  private ObjectNode deleteCollection(String id, ObjectNode gvk) {
    ObjectNode operation = operation(id, "deletecollection", gvk, QueryParameters.deleteCollection());
    operation.putObject("requestBody").putObject("content").putObject("*/*")
        .set("schema", SchemaComponents.ref(DELETE_OPTIONS_SCHEMA));
    operation.set("responses", responses(STATUS_SCHEMA, false, "200"));
    return operation;
  }

  /**
   * Returns one operation. {@code id} is the operation id without group and version, such as
   * {@code patchNamespacedStatefulSet}; they are inserted after the verb, as upstream names them.
   */
  private ObjectNode operation(String id, String action, ObjectNode gvk, ArrayNode parameters) {
    ObjectNode operation = NODES.objectNode();
    String verb = id.substring(0, verbLength(id));
    operation.put("description", describe(verb));
    operation.put("operationId", verb + operationPrefix + id.substring(verb.length()));
    if (!parameters.isEmpty()) {
      operation.set("parameters", parameters);
    }
    operation.putArray("tags").add(tag);
    operation.put("x-kubernetes-action", action);
    operation.set("x-kubernetes-group-version-kind", gvk.deepCopy());
    return operation;
  }

  private String describe(String verb) {
    return switch (verb) {
      case "list" -> "list or watch objects of kind " + type.kind();
      case "create" -> "create a " + type.kind();
      case "read" -> "read the specified " + type.kind();
      case "replace" -> "replace the specified " + type.kind();
      case "patch" -> "partially update the specified " + type.kind();
      case "delete" -> "delete a " + type.kind() + " or a collection of them";
      default -> verb + " " + type.kind();
    };
  }

  private static int verbLength(String id) {
    for (String verb : new String[] {"deleteCollection", "create", "read", "replace", "patch", "delete", "list"}) {
      if (id.startsWith(verb)) {
        return verb.equals("deleteCollection") ? "delete".length() : verb.length();
      }
    }
    return 0;
  }

  private static ObjectNode responses(String schema, boolean list, String... codes) {
    ObjectNode responses = NODES.objectNode();
    for (String code : codes) {
      ObjectNode response = responses.putObject(code);
      ObjectNode content = response.putObject("content");
      content.putObject("application/json").set("schema", SchemaComponents.ref(schema));
      content.putObject("application/yaml").set("schema", SchemaComponents.ref(schema));
      if (list) {
        content.putObject("application/json;stream=watch").set("schema", SchemaComponents.ref(schema));
      }
      response.put("description", switch (code) {
        case "201" -> "Created";
        case "202" -> "Accepted";
        default -> "OK";
      });
    }
    responses.putObject("401").put("description", "Unauthorized");
    return responses;
  }

  private static String capitalize(String word) {
    return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }
}
