package keelson.api.schema;

import java.util.List;
import java.util.Objects;

/**
 * How server-side apply treats a list field, from the {@code +listType} and {@code +listMapKey}
 * markers on Kubernetes' Go types (published in OpenAPI as {@code x-kubernetes-list-type} and
 * {@code x-kubernetes-list-map-keys}).
 *
 * @param kind atomic (one value, replaced whole), set (of scalars) or map (elements identified by
 *     {@code keys})
 * @param keys the element fields that identify an element of a map list, in declared order; empty
 *     otherwise
 */
public record ListType(Kind kind, List<String> keys) {
  /** The default for a list without markers: owned and replaced as a whole. */
  public static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of());
  /** A list of distinct scalars, each owned on its own. */
  public static final ListType SET = new ListType(Kind.SET, List.of());

  /** The three list types Kubernetes declares. */
  public enum Kind {
    ATOMIC,
    SET,
    MAP
  }

  public ListType {
    Objects.requireNonNull(kind, "kind");
    keys = List.copyOf(keys);
    if ((kind == Kind.MAP) == keys.isEmpty()) {
      throw new IllegalArgumentException("a map list needs keys, other lists have none");
    }
  }

  /** Returns a map list keyed by the given element fields. */
  public static ListType map(String... keys) {
    return new ListType(Kind.MAP, List.of(keys));
  }

  /** Returns the value of OpenAPI's {@code x-kubernetes-list-type}. */
  public String extensionValue() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
