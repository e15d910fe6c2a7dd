package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Computes the set of fields an object (or an applied configuration) sets, given its type. */
final class FieldSets {
  private FieldSets() {}

  /**
   * Returns the paths of every leaf, map key and list element of {@code value}, as
   * structured-merge-diff's ToFieldSet does.
   *
   * @throws IllegalArgumentException when a map-list element lacks one of its keys
   */
  static FieldSet of(JsonNode value, TypeNode type) {
    FieldSet set = new FieldSet();
    if (value != null && !type.isLeaf(value)) {
      walk(value, type, set);
    }
    return set;
  }

  /** Adds the paths below a non-leaf {@code value} to {@code set}, the node of its own path. */
  private static void walk(JsonNode value, TypeNode type, FieldSet set) {
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        PathElement element = new PathElement.Field(field.getKey());
        JsonNode child = field.getValue();
        TypeNode childType = type.field(field.getKey());
        if (child.isNull() || childType.isLeaf(child)) {
          set.addMember(element);
          continue;
        }
        FieldSet below = set.child(element);
        walk(child, childType, below);
        set.pruneChild(element);
        // An empty object, and any key of a map (rather than a struct field), is owned itself.
        if (child.isEmpty() || !type.isNamedField(field.getKey())) {
          set.addMember(element);
        }
      }
    } else if (value.isArray()) {
      TypeNode elementType = type.element();
      Set<PathElement> seen = new HashSet<>();
      Set<PathElement> duplicates = new HashSet<>();
      for (JsonNode item : value) {
        PathElement element = type.elementName(item);
        if (!seen.add(element)) {
          duplicates.add(element);
        }
      }
      for (JsonNode item : value) {
        PathElement element = type.elementName(item);
        set.addMember(element);
        if (duplicates.contains(element) || elementType.isLeaf(item)) {
          continue;
        }
        walk(item, elementType, set.child(element));
        set.pruneChild(element);
      }
    }
  }

  /**
   * Returns {@code set} with every struct field that has members below it made a member itself, as
   * structured-merge-diff's EnsureNamedFieldsAreMembers: owning {@code .spec.replicas} means
   * owning {@code .spec} for pruning.
   */
  static FieldSet withNamedFieldsAsMembers(FieldSet set, TypeNode type) {
    FieldSet result = new FieldSet();
    for (PathElement member : set.members()) {
      result.addMember(member);
    }
    for (Map.Entry<PathElement, FieldSet> child : set.children()) {
      PathElement element = child.getKey();
      TypeNode childType;
      if (element instanceof PathElement.Field field) {
        if (type.isNamedField(field.name())) {
          result.addMember(element);
        }
        childType = type.field(field.name());
      } else {
        childType = type.element();
      }
      FieldSet below = withNamedFieldsAsMembers(child.getValue(), childType);
      if (!below.isEmpty()) {
        result.child(element).addAll(below);
      }
    }
    return result;
  }
}
