package keelson.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.Json;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {

  @Test
  void entryTimesReadTheServersFormatAsInstantParseDoes() {
    for (String time : List.of("2026-11-27T10:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
        "0001-01-01T00:00:00Z", "2026-11-27T10:00:00.5Z", "2026-11-27T10:00:00+01:00")) {
      assertThat(ManagedFields.seconds(time)).as(time).isEqualTo(Instant.parse(time).getEpochSecond());
    }
    // What Instant.parse refuses counts as the oldest time, on the fast path as off it.
    for (String time : List.of("2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-27T10:60:00Z",
        "2026-1a-27T10:00:00Z", "yesterday", "")) {
      assertThat(ManagedFields.seconds(time)).as(time).isZero();
    }
    assertThat(ManagedFields.seconds(null)).isZero();
  }

  @Test
  void cappingFoldsTheOldestUpdatersAndKeepsTheEncodedOrder() {
    ObjectNode live = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
    live.putObject("metadata").put("name", "c");
    live.putObject("data");
    Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    FieldManager.update(BuiltinResources.CONFIG_MAPS, null, live, "creator", null, t0);
    // Writers in an order unlike their names, so that sorting by time is what decides.
    int[] order = {5, 0, 9, 3, 11, 1, 7, 2, 10, 4, 8, 6};
    List<List<String>> seen = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      ObjectNode next = live.deepCopy();
      ((ObjectNode) next.get("data")).put("k" + order[i], "v");
      FieldManager.update(BuiltinResources.CONFIG_MAPS, live, next, "m" + order[i], null, t0.plusSeconds(60L * (i + 1)));
      live = next;
      seen.add(managers(live));
    }
    // Nine writers and the creator are ten entries: nothing folded yet.
    assertThat(seen.get(8)).containsExactly("creator", "m5", "m0", "m9", "m3", "m11", "m1", "m7", "m2", "m10");
    // The eleventh folds the two oldest (creator, m5) into ancient-changes, stamped with m5's time.
    assertThat(seen.get(9)).containsExactly("ancient-changes", "m0", "m9", "m3", "m11", "m1", "m7", "m2", "m10", "m4");
    assertThat(seen.get(11))
        .containsExactly("ancient-changes", "m3", "m11", "m1", "m7", "m2", "m10", "m4", "m8", "m6");
    ArrayNode entries = (ArrayNode) live.at("/metadata/managedFields");
    assertThat(entries.get(0).get("time").asText()).isEqualTo("2026-11-27T10:03:00Z");
    assertThat(entries.get(0).at("/fieldsV1/f:data").has("f:k5")).isTrue();
    assertThat(entries.get(0).at("/fieldsV1/f:data").has("f:k9")).isTrue();
  }

  private static List<String> managers(ObjectNode object) {
    List<String> out = new ArrayList<>();
    object.at("/metadata/managedFields").forEach(e -> out.add(e.get("manager").asText()));
    return out;
  }
}
