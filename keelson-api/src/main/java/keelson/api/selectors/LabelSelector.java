package keelson.api.selectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A parsed label selector: all requirements must hold. */
public final class LabelSelector {

  /** Parses the query-string form, for example {@code app=web,tier notin (db),!legacy}. */
  public static LabelSelector parse(String text) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Converts a metav1.LabelSelector object ({@code matchLabels}, {@code matchExpressions}). */
  public static LabelSelector fromJson(JsonNode selector) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Returns whether the labels satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Returns whether a {@code metadata.labels} object (possibly missing) satisfies every requirement. */
  public boolean matches(JsonNode labels) {
    throw new UnsupportedOperationException("not yet written");
  }
}
