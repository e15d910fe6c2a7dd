package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keelson.api.selectors.LabelSelector;
import keelson.api.selectors.SelectorException;

/** Renders label maps and selectors for cells. */
final class LabelSets {
  private LabelSets() {}

  /** Returns a string map as {@code k=v,k2=v2} sorted by key, or {@code <none>} when empty (FormatLabels). */
  static String format(JsonNode map) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : LabelSelector.labelMap(map).entrySet()) {
      pairs.add(e.getKey() + "=" + e.getValue());
    }
    return pairs.isEmpty() ? "<none>" : String.join(",", pairs);
  }

  /** Returns a metav1.LabelSelector as FormatLabelSelector does: {@code <none>} when empty or null, {@code <error>} when invalid. */
  static String formatSelector(JsonNode selector) {
    try {
      return LabelSelector.fromJson(selector).toString();
    } catch (SelectorException invalid) {
      return "<error>";
    }
  }
}
