package keelson.api.selectors;

import com.fasterxml.jackson.databind.JsonNode;
import keelson.api.registry.ResourceType;

/** A parsed field selector ({@code metadata.name=web-0,status.phase!=Running}). */
public final class FieldSelector {

  /**
   * Parses a field selector for a kind.
   *
   * @throws SelectorException if it does not parse, or names a field the kind does not support
   */
  public static FieldSelector parse(ResourceType type, String text) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Returns whether the object satisfies every requirement. */
  public boolean matches(JsonNode obj) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Returns the value the selector requires for {@code field} with {@code =}, or null. */
  public String requiredValue(String field) {
    throw new UnsupportedOperationException("not yet written");
  }
}
