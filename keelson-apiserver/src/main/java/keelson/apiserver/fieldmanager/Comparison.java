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
 *
 * <p>This walks the whole object on every write, so it allocates only for what changed: paths
 * are kept on one stack and copied into a set when a change is found.
 */
record Comparison(FieldSet added, FieldSet removed, FieldSet modified) {
  /** Compares {@code before} with {@code after}, both of {@code type}. */
  static Comparison of(JsonNode before, JsonNode after, TypeNode type) {
    return of(before, after, type, name -> true);
  }

  /**
   * Compares the top-level fields of two objects that {@code topLevel} accepts: a write that
   * cannot own a field (status through the main resource) need not walk it.
   */
  static Comparison of(JsonNode before, JsonNode after, TypeNode type, java.util.function.Predicate<String> topLevel) {
    Comparison result = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    List<PathElement> path = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : before.properties()) {
      if (topLevel.test(field.getKey())) {
        path.add(new PathElement.Field(field.getKey()));
        result.compare(path, field.getValue(), after.get(field.getKey()), type.field(field.getKey()));
        path.removeLast();
      }
    }
    for (Map.Entry<String, JsonNode> field : after.properties()) {
      if (!before.has(field.getKey()) && topLevel.test(field.getKey())) {
        path.add(new PathElement.Field(field.getKey()));
        result.compare(path, null, field.getValue(), type.field(field.getKey()));
        path.removeLast();
      }
    }
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

  /** Compares two values at {@code path} (its last element already pushed). */
  private void compare(List<PathElement> path, JsonNode before, JsonNode after, TypeNode type) {
    if (before != null && after != null && before.isContainerNode() && before.equals(after)) {
      // Most of an object is the same after a write (all its metadata after a status write): equal
      // trees hold no change, and Jackson's equality walks them without building a single path.
      return;
    }
    boolean leaf = (after != null && (after.isNull() || type.isLeaf(after)))
        || (before != null && (before.isNull() || type.isLeaf(before)))
        || (before != null && after != null && before.getNodeType() != after.getNodeType());
    if (leaf) {
      if (before == null) {
        added.insert(path);
      } else if (after == null) {
        removed.insert(path);
      } else if (!JsonValues.equal(before, after)) {
        modified.insert(path);
      }
      return;
    }
    compareChildren(path, before, after, type);
    if (before == null) {
      added.insert(path);
    } else if (after == null) {
      removed.insert(path);
    }
  }

  private void compareChildren(List<PathElement> path, JsonNode before, JsonNode after, TypeNode type) {
    JsonNode shape = after != null ? after : before;
    if (shape.isObject()) {
      if (before != null) {
        for (Map.Entry<String, JsonNode> field : before.properties()) {
          path.add(new PathElement.Field(field.getKey()));
          compare(path, field.getValue(), after == null ? null : after.get(field.getKey()), type.field(field.getKey()));
          path.removeLast();
        }
      }
      if (after != null) {
        for (Map.Entry<String, JsonNode> field : after.properties()) {
          if (before == null || !before.has(field.getKey())) {
            path.add(new PathElement.Field(field.getKey()));
            compare(path, null, field.getValue(), type.field(field.getKey()));
            path.removeLast();
          }
        }
      }
    } else if (shape.isArray()) {
      compareLists(path, before, after, type);
    }
  }

  private void compareLists(List<PathElement> path, JsonNode before, JsonNode after, TypeNode type) {
    TypeNode elementType = type.element();
    if (before != null && after != null && before.size() == after.size()) {
      // The usual case: the same elements in the same order, compared pairwise without an index.
      boolean aligned = true;
      List<PathElement> names = new ArrayList<>(before.size());
      for (int i = 0; i < before.size() && aligned; i++) {
        PathElement name = type.elementName(before.get(i));
        aligned = name.equals(type.elementName(after.get(i)));
        names.add(name);
      }
      if (aligned && distinct(names)) {
        for (int i = 0; i < before.size(); i++) {
          path.add(names.get(i));
          compare(path, before.get(i), after.get(i), elementType);
          path.removeLast();
        }
        return;
      }
    }
    Map<PathElement, List<JsonNode>> left = index(before, type);
    Map<PathElement, List<JsonNode>> right = index(after, type);
    List<PathElement> all = new ArrayList<>(left.keySet());
    right.keySet().forEach(e -> {
      if (!left.containsKey(e)) {
        all.add(e);
      }
    });
    for (PathElement element : all) {
      List<JsonNode> l = left.getOrDefault(element, List.of());
      List<JsonNode> r = right.getOrDefault(element, List.of());
      path.add(element);
      if (l.size() <= 1 && r.size() <= 1) {
        compare(path, l.isEmpty() ? null : l.getFirst(), r.isEmpty() ? null : r.getFirst(), elementType);
      } else if (l.size() >= 2 && r.size() >= 2) {
        // Duplicated elements (which only bad data has) are compared whole.
        if (!sameList(l, r)) {
          modified.insert(path);
        }
      } else if (l.size() >= 2) {
        removed.insert(path);
      } else {
        added.insert(path);
      }
      path.removeLast();
    }
  }

  /** Whether no name repeats; lists in objects are short, so without a hash set for most. */
  private static boolean distinct(List<PathElement> names) {
    int n = names.size();
    if (n > 16) {
      return n == new java.util.HashSet<>(names).size();
    }
    for (int i = 1; i < n; i++) {
      PathElement name = names.get(i);
      for (int j = 0; j < i; j++) {
        if (name.equals(names.get(j))) {
          return false;
        }
      }
    }
    return true;
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
