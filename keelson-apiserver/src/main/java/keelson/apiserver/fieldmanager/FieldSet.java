package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import keelson.apiserver.rest.Json;

/**
 * A set of paths into an object, the unit of field ownership: a tree whose nodes hold the path
 * elements that are themselves members ({@code members}) and the elements below which members lie
 * ({@code children}). A path can be both, as a map-list element owned along with some of its
 * fields; fieldsV1 marks that with a {@code "."} entry.
 *
 * <p>Mutable and not thread-safe; the set algebra returns new sets and leaves its operands alone.
 */
final class FieldSet {
  private final TreeSet<PathElement> members = new TreeSet<>();
  private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

  /** Returns whether the set has no path. */
  boolean isEmpty() {
    return members.isEmpty() && children.isEmpty();
  }

  /** Adds one path; an empty path adds nothing. */
  void insert(List<PathElement> path) {
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.child(path.get(i));
    }
    if (!path.isEmpty()) {
      node.members.add(path.getLast());
    }
  }

  /** Adds a member at this level. */
  void addMember(PathElement element) {
    members.add(element);
  }

  /** Returns the subset below {@code element}, creating it if absent. */
  FieldSet child(PathElement element) {
    return children.computeIfAbsent(element, e -> new FieldSet());
  }

  /** Returns the subset below {@code element}, or null. */
  FieldSet childOrNull(PathElement element) {
    return children.get(element);
  }

  /** Drops the subset below {@code element} when it holds nothing. */
  void pruneChild(PathElement element) {
    FieldSet child = children.get(element);
    if (child != null && child.isEmpty()) {
      children.remove(element);
    }
  }

  boolean hasMember(PathElement element) {
    return members.contains(element);
  }

  /** Returns whether the path is a member. */
  boolean has(List<PathElement> path) {
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.children.get(path.get(i));
      if (node == null) {
        return false;
      }
    }
    return !path.isEmpty() && node.members.contains(path.getLast());
  }

  Iterable<PathElement> members() {
    return members;
  }

  Iterable<Map.Entry<PathElement, FieldSet>> children() {
    return children.entrySet();
  }

  FieldSet copy() {
    FieldSet copy = new FieldSet();
    copy.members.addAll(members);
    children.forEach((e, c) -> copy.children.put(e, c.copy()));
    return copy;
  }

  /** Returns the paths in this set or {@code other}. */
  FieldSet union(FieldSet other) {
    FieldSet result = copy();
    result.addAll(other);
    return result;
  }

  /** Adds every path of {@code other} to this set. */
  void addAll(FieldSet other) {
    members.addAll(other.members);
    other.children.forEach((e, c) -> child(e).addAll(c));
  }

  /** Returns the paths in this set but not in {@code other}. */
  FieldSet difference(FieldSet other) {
    FieldSet result = new FieldSet();
    for (PathElement member : members) {
      if (!other.members.contains(member)) {
        result.members.add(member);
      }
    }
    children.forEach((e, c) -> {
      FieldSet theirs = other.children.get(e);
      FieldSet rest = theirs == null ? c.copy() : c.difference(theirs);
      if (!rest.isEmpty()) {
        result.children.put(e, rest);
      }
    });
    return result;
  }

  /** Returns the paths in both sets. */
  FieldSet intersection(FieldSet other) {
    FieldSet result = new FieldSet();
    for (PathElement member : members) {
      if (other.members.contains(member)) {
        result.members.add(member);
      }
    }
    children.forEach((e, c) -> {
      FieldSet theirs = other.children.get(e);
      if (theirs != null) {
        FieldSet both = c.intersection(theirs);
        if (!both.isEmpty()) {
          result.children.put(e, both);
        }
      }
    });
    return result;
  }

  /** Returns this set without a top-level field and everything below it. */
  FieldSet withoutField(String name) {
    PathElement field = new PathElement.Field(name);
    if (!members.contains(field) && !children.containsKey(field)) {
      return this;
    }
    FieldSet result = copy();
    result.members.remove(field);
    result.children.remove(field);
    return result;
  }

  /** Returns this set keeping only a top-level field and what is below it. */
  FieldSet onlyField(String name) {
    PathElement field = new PathElement.Field(name);
    FieldSet result = new FieldSet();
    if (members.contains(field)) {
      result.members.add(field);
    }
    FieldSet child = children.get(field);
    if (child != null) {
      result.children.put(field, child.copy());
    }
    return result;
  }

  /** Calls {@code action} with every member path: this level's members first, then each child's. */
  void forEachPath(Consumer<List<PathElement>> action) {
    forEachPath(new ArrayList<>(), action);
  }

  private void forEachPath(List<PathElement> prefix, Consumer<List<PathElement>> action) {
    for (PathElement member : members) {
      prefix.add(member);
      action.accept(List.copyOf(prefix));
      prefix.removeLast();
    }
    children.forEach((e, c) -> {
      prefix.add(e);
      c.forEachPath(prefix, action);
      prefix.removeLast();
    });
  }

  /** Returns the set as a fieldsV1 object. */
  ObjectNode toFieldsV1() {
    ObjectNode out = Json.object();
    emit(out, false);
    return out;
  }

  private void emit(ObjectNode out, boolean self) {
    if (self) {
      out.putObject(".");
    }
    // Members and children interleave in element order, as kube-apiserver writes them.
    Iterator<PathElement> m = members.iterator();
    Iterator<Map.Entry<PathElement, FieldSet>> c = children.entrySet().iterator();
    PathElement member = m.hasNext() ? m.next() : null;
    Map.Entry<PathElement, FieldSet> child = c.hasNext() ? c.next() : null;
    while (member != null || child != null) {
      int order = member == null ? 1 : child == null ? -1 : member.compareTo(child.getKey());
      if (order < 0) {
        out.putObject(member.serialize());
        member = m.hasNext() ? m.next() : null;
      } else {
        child.getValue().emit(out.putObject(child.getKey().serialize()), order == 0);
        if (order == 0) {
          member = m.hasNext() ? m.next() : null;
        }
        child = c.hasNext() ? c.next() : null;
      }
    }
  }

  /**
   * Reads a fieldsV1 object.
   *
   * @throws IllegalArgumentException if it is not one
   */
  static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull()) {
      return new FieldSet();
    }
    if (!fields.isObject()) {
      throw new IllegalArgumentException("fieldsV1 must be an object");
    }
    FieldSet set = new FieldSet();
    set.read(fields);
    return set;
  }

  private void read(JsonNode fields) {
    for (Map.Entry<String, JsonNode> entry : fields.properties()) {
      if (entry.getKey().equals(".")) {
        continue;
      }
      PathElement element = PathElement.parse(entry.getKey());
      JsonNode value = entry.getValue();
      if (!value.isObject()) {
        throw new IllegalArgumentException("fieldsV1 entries must be objects");
      }
      if (value.isEmpty() || value.has(".")) {
        members.add(element);
      }
      if (value.size() > (value.has(".") ? 1 : 0)) {
        child(element).read(value);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && members.equals(other.members) && children.equals(other.children);
  }

  @Override
  public int hashCode() {
    return members.hashCode() * 31 + children.hashCode();
  }

  @Override
  public String toString() {
    List<String> paths = new ArrayList<>();
    forEachPath(p -> paths.add(Paths.toString(p)));
    return paths.toString();
  }
}
