package keelson.api.selectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import keelson.api.registry.ResourceType;

/**
 * What label and field selectors see of one object: its labels and the values of its kind's
 * selectable fields, as kube-apiserver's watch cache keeps them beside each object ("GetAttrs").
 *
 * <p>Holding these instead of the object's tree lets a cache keep objects as compact JSON and still
 * select among them without parsing each one again.
 *
 * @param labels the object's labels (immutable; empty when it has none)
 * @param fields each selectable field label of the kind and its value as a string (immutable)
 */
public record SelectorAttributes(Map<String, String> labels, Map<String, String> fields) {

  /** Extracts the attributes of an object of the given kind. */
  public static SelectorAttributes of(ResourceType type, JsonNode object) {
    Map<String, String> labels = LabelSelector.labelMap(object.path("metadata").get("labels"));
    return new SelectorAttributes(labels.isEmpty() ? Map.of() : Map.copyOf(labels),
        Map.copyOf(SelectableFields.of(type).valuesOf(object, type.namespaced())));
  }

  /** Returns a field's value; a field the object lacks has the value "", as upstream. */
  public String field(String label) {
    return fields.getOrDefault(label, "");
  }
}
