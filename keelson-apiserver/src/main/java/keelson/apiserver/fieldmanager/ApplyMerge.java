package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges an applied configuration into a live object by their type, as structured-merge-diff's
 * merge does: structs and maps field by field, set and map lists element by element (elements
 * present on both sides keep the configuration's order, live-only elements keep their place),
 * leaves taken from the configuration. A {@code null} in the configuration removes the field.
 */
final class ApplyMerge {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ApplyMerge() {}

  /** Returns a new tree: {@code live} with {@code config} merged in; neither is changed. */
  static JsonNode merge(JsonNode live, JsonNode config, TypeNode type) {
    if (config == null) {
      return live == null ? null : live.deepCopy();
    }
    if (live == null || config.isNull() || type.isLeaf(config) || live.getNodeType() != config.getNodeType()) {
      return config.deepCopy();
    }
    if (config.isObject()) {
      ObjectNode result = ((ObjectNode) live).deepCopy();
      for (Map.Entry<String, JsonNode> field : config.properties()) {
        if (field.getValue().isNull()) {
          result.remove(field.getKey());
        } else {
          result.set(field.getKey(), merge(live.get(field.getKey()), field.getValue(), type.field(field.getKey())));
        }
      }
      return result;
    }
    return mergeList((ArrayNode) live, (ArrayNode) config, type);
  }

  private static ArrayNode mergeList(ArrayNode live, ArrayNode config, TypeNode type) {
    TypeNode elementType = type.element();
    List<PathElement> liveNames = new ArrayList<>();
    Map<PathElement, JsonNode> liveItems = new LinkedHashMap<>();
    for (JsonNode item : live) {
      PathElement name = safeName(type, item);
      liveNames.add(name);
      if (name != null) {
        liveItems.putIfAbsent(name, item);
      }
    }
    List<PathElement> configNames = new ArrayList<>();
    Map<PathElement, JsonNode> configItems = new LinkedHashMap<>();
    for (JsonNode item : config) {
      PathElement name = type.elementName(item);
      if (configItems.putIfAbsent(name, item) == null) {
        configNames.add(name);
      }
    }
    // The shared elements, in the configuration's order: each is emitted when its turn comes.
    List<PathElement> shared = new ArrayList<>();
    configNames.forEach(n -> {
      if (liveItems.containsKey(n)) {
        shared.add(n);
      }
    });
    ArrayNode result = NODES.arrayNode();
    Set<PathElement> emitted = new HashSet<>();
    int l = 0;
    int r = 0;
    int nextShared = 0;
    while (l < liveNames.size() || r < configNames.size()) {
      if (l < liveNames.size() && r < configNames.size()) {
        PathElement name = liveNames.get(l);
        if (name != null && name.equals(configNames.get(r))) {
          result.add(merge(liveItems.get(name), configItems.get(name), elementType));
          emitted.add(name);
          l++;
          r++;
          nextShared += nextShared < shared.size() && shared.get(nextShared).equals(name) ? 1 : 0;
          continue;
        }
        if (name != null && configItems.containsKey(name) && nextShared < shared.size()
            && !shared.get(nextShared).equals(name)) {
          l++; // a shared element whose turn has not come: the configuration's order decides
          continue;
        }
      }
      if (l < liveNames.size()) {
        PathElement name = liveNames.get(l);
        if (name == null || !configItems.containsKey(name)) {
          result.add(live.get(l).deepCopy());
          l++;
          continue;
        }
        if (emitted.contains(name)) {
          l++;
          continue;
        }
      }
      if (r < configNames.size()) {
        PathElement name = configNames.get(r);
        emitted.add(name);
        result.add(merge(liveItems.get(name), configItems.get(name), elementType));
        r++;
        nextShared += nextShared < shared.size() && shared.get(nextShared).equals(name) ? 1 : 0;
      }
    }
    return result;
  }

  /** Names a live element; live data may lack keys, and such elements are kept as they are. */
  private static PathElement safeName(TypeNode type, JsonNode item) {
    try {
      return type.elementName(item);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
