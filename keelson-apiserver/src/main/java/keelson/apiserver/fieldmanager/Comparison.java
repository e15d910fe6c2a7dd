package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keelson.apiserver.patch.JsonValues;

/**
 * What changed between two versions of an object, path by path: fields and elements added,
 * removed, or (for leaves) given a different value. Sets are mutable and owned by the comparison.
 */
record Comparison(FieldSet added, FieldSet removed, FieldSet modified) {
  /** Compares {@code before} with {@code after}, both of {@code type}. */
  static Comparison of(JsonNode before, JsonNode after, TypeNode type) {
    Comparison result = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    result.compareChildren(before, after, type, result.added, result.removed, result.modified);
    return result;
  }

  boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && modified.isEmpty();
  }

  /** Returns the fields added or modified: the ones a writer takes from other managers. */
  FieldSet changed() {
    return added.union(modified);
  }

  /** Returns the comparison without a top-level field (fields a subresource's writes cannot own). */
  Comparison withoutField(String name) {
    return new Comparison(added.withoutField(name), removed.withoutField(name), modified.withoutField(name));
  }

  /** Returns the comparison restricted to a top-level field. */
  Comparison onlyField(String name) {
    return new Comparison(added.onlyField(name), removed.onlyField(name), modified.onlyField(name));
  }

  /**
   * Compares two values at one path, recording into the nodes of the three sets that hold the
   * path's parent; {@code element} names the path's last step.
   */
  private void compare(PathElement element, JsonNode before, JsonNode after, TypeNode type,
      FieldSet added, FieldSet removed, FieldSet modified) {
    boolean leaf = (after != null && (after.isNull() || type.isLeaf(after)))
        || (before != null && (before.isNull() || type.isLeaf(before)))
        || (before != null && after != null && before.getNodeType() != after.getNodeType());
    if (leaf) {
      if (before == null) {
        added.addMember(element);
      } else if (after == null) {
        removed.addMember(element);
      } else if (!JsonValues.equal(before, after)) {
        modified.addMember(element);
      }
      return;
    }
    FieldSet a = added.child(element);
    FieldSet r = removed.child(element);
    FieldSet m = modified.child(element);
    compareChildren(before, after, type, a, r, m);
    added.pruneChild(element);
    removed.pruneChild(element);
    modified.pruneChild(element);
    if (before == null) {
      added.addMember(element);
    } else if (after == null) {
      removed.addMember(element);
    }
  }

  private void compareChildren(JsonNode before, JsonNode after, TypeNode type,
      FieldSet added, FieldSet removed, FieldSet modified) {
    JsonNode shape = after != null ? after : before;
    if (shape.isObject()) {
      if (before != null) {
        for (Map.Entry<String, JsonNode> field : before.properties()) {
          compare(new PathElement.Field(field.getKey()), field.getValue(),
              after == null ? null : after.get(field.getKey()), type.field(field.getKey()),
              added, removed, modified);
        }
      }
      if (after != null) {
        for (Map.Entry<String, JsonNode> field : after.properties()) {
          if (before == null || !before.has(field.getKey())) {
            compare(new PathElement.Field(field.getKey()), null, field.getValue(),
                type.field(field.getKey()), added, removed, modified);
          }
        }
      }
    } else if (shape.isArray()) {
      compareLists(before, after, type, added, removed, modified);
    }
  }

  private void compareLists(JsonNode before, JsonNode after, TypeNode type,
      FieldSet added, FieldSet removed, FieldSet modified) {
    Map<PathElement, List<JsonNode>> left = index(before, type);
    Map<PathElement, List<JsonNode>> right = index(after, type);
    List<PathElement> all = new ArrayList<>(left.keySet());
    right.keySet().forEach(e -> {
      if (!left.containsKey(e)) {
        all.add(e);
      }
    });
    TypeNode elementType = type.element();
    for (PathElement element : all) {
      List<JsonNode> l = left.getOrDefault(element, List.of());
      List<JsonNode> r = right.getOrDefault(element, List.of());
      if (l.size() <= 1 && r.size() <= 1) {
        compare(element, l.isEmpty() ? null : l.getFirst(), r.isEmpty() ? null : r.getFirst(), elementType,
            added, removed, modified);
      } else if (l.size() >= 2 && r.size() >= 2) {
        // Duplicated elements (which only bad data has) are compared whole.
        if (!sameList(l, r)) {
          modified.addMember(element);
        }
      } else if (l.size() >= 2) {
        removed.addMember(element);
      } else {
        added.addMember(element);
      }
    }
  }

  private static Map<PathElement, List<JsonNode>> index(JsonNode list, TypeNode type) {
    Map<PathElement, List<JsonNode>> index = new LinkedHashMap<>();
    if (list != null && list.isArray()) {
      for (JsonNode item : list) {
        index.computeIfAbsent(type.elementName(item), e -> new ArrayList<>(1)).add(item);
      }
    }
    return index;
  }

  private static boolean sameList(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!JsonValues.equal(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
