package keelson.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Orders the result of merging two lists the way Kubernetes' strategic merge patch does.
 *
 * <p>Elements the patch names keep the patch's order; elements only the server has keep the
 * server's order; the two runs are interleaved, a server-only element going before a patch element
 * only when both were in the server's list and it came first there. Mirrors {@code
 * normalizeElementOrder} and {@code mergeSortedSlice} in apimachinery's {@code strategicpatch}.
 */
final class ListOrder {
  private ListOrder() {}

  /**
   * Returns {@code merged} reordered.
   *
   * @param merged the merged elements, each once
   * @param patchOrder the elements (or {@code $setElementOrder} entries) as the patch lists them
   * @param serverOrder the elements as the stored object listed them before the patch
   * @param identity the value that identifies an element: its merge key, or itself for scalars
   */
  static List<JsonNode> order(
      List<JsonNode> merged,
      List<JsonNode> patchOrder,
      List<JsonNode> serverOrder,
      Function<JsonNode, JsonNode> identity) {
    List<JsonNode> patchIds = identities(patchOrder, identity);
    List<JsonNode> serverIds = identities(serverOrder, identity);
    List<JsonNode> fromPatch = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode element : merged) {
      (patchIds.contains(identity.apply(element)) ? fromPatch : serverOnly).add(element);
    }
    fromPatch.sort(byPositionIn(patchIds, identity));
    serverOnly.sort(byPositionIn(serverIds, identity));

    List<JsonNode> result = new ArrayList<>(merged.size());
    int left = 0;
    int right = 0;
    while (left < serverOnly.size() || right < fromPatch.size()) {
      if (right >= fromPatch.size()) {
        result.add(serverOnly.get(left++));
      } else if (left >= serverOnly.size()) {
        result.add(fromPatch.get(right++));
      } else {
        int serverPosition = serverIds.indexOf(identity.apply(serverOnly.get(left)));
        int patchPosition = serverIds.indexOf(identity.apply(fromPatch.get(right)));
        boolean serverFirst =
            serverPosition >= 0 && patchPosition >= 0 && serverPosition < patchPosition;
        result.add(serverFirst ? serverOnly.get(left++) : fromPatch.get(right++));
      }
    }
    return result;
  }

  private static List<JsonNode> identities(List<JsonNode> elements, Function<JsonNode, JsonNode> identity) {
    List<JsonNode> ids = new ArrayList<>(elements.size());
    for (JsonNode element : elements) {
      ids.add(identity.apply(element));
    }
    return ids;
  }

  /** Sorts by position in {@code ids}; elements not found keep their relative order at the end. */
  private static Comparator<JsonNode> byPositionIn(
      List<JsonNode> ids, Function<JsonNode, JsonNode> identity) {
    return Comparator.comparingInt(
        element -> {
          int position = ids.indexOf(identity.apply(element));
          return position < 0 ? Integer.MAX_VALUE : position;
        });
  }
}
