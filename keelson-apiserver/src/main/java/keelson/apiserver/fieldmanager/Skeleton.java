package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.apiserver.rest.Json;

/**
 * The empty object a create is compared with. kube-apiserver compares with a zero Go struct, in
 * which struct-typed (non-pointer) fields are present and empty, so creating an object owns the
 * fields inside {@code spec} but not {@code spec} itself; likewise a pod spec's {@code containers}
 * list, which Go always encodes. The fields the served kinds declare that way are reproduced here;
 * deeper ones are not known from the schema.
 */
final class Skeleton {
  private static final List<String> TOP = List.of("metadata", "spec", "status");
  private static final List<String> IN_SPEC = List.of("template", "strategy", "updateStrategy");
  private static final List<String> IN_TEMPLATE = List.of("metadata", "spec");

  private Skeleton() {}

  static ObjectNode of(JsonNode object) {
    ObjectNode skeleton = Json.object();
    for (String field : TOP) {
      if (object.get(field) instanceof ObjectNode) {
        skeleton.putObject(field);
      }
    }
    JsonNode spec = object.path("spec");
    for (String field : IN_SPEC) {
      if (spec.get(field) instanceof ObjectNode) {
        ObjectNode inner = ((ObjectNode) skeleton.get("spec")).putObject(field);
        if (field.equals("template")) {
          for (String part : IN_TEMPLATE) {
            if (spec.get(field).get(part) instanceof ObjectNode) {
              inner.putObject(part);
            }
          }
          podSpec(spec.get(field).get("spec"), inner.get("spec"));
        }
      }
    }
    if ("Pod".equals(object.path("kind").asText())) {
      podSpec(spec, skeleton.get("spec"));
    }
    return skeleton;
  }

  private static void podSpec(JsonNode spec, JsonNode skeleton) {
    if (spec != null && spec.get("containers") != null && spec.get("containers").isArray()
        && skeleton instanceof ObjectNode target) {
      target.putArray("containers");
    }
  }
}
