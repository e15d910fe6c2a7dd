package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes sorted by name, as every sync plans over them, remembering the last order: nodes come
 * and go rarely, so a sync usually finds the same names and reorders in one pass instead of sorting
 * again (on 5,000 nodes with long shared name prefixes the sort was a tenth of a sync). Used by one
 * sync at a time.
 */
final class NodeOrder {
  private String[] sortedNames = new String[0];

  /** Returns {@code nodes} sorted by name. */
  synchronized List<Node> sorted(Collection<Node> nodes) {
    Map<String, Node> byName = new HashMap<>(nodes.size() * 2);
    for (Node node : nodes) {
      byName.put(node.getMetadata().getName(), node);
    }
    if (byName.size() == sortedNames.length) {
      List<Node> ordered = new ArrayList<>(sortedNames.length);
      for (String name : sortedNames) {
        Node node = byName.get(name);
        if (node == null) {
          break;
        }
        ordered.add(node);
      }
      if (ordered.size() == sortedNames.length) {
        return ordered;
      }
    }
    String[] names = byName.keySet().toArray(new String[0]);
    Arrays.sort(names);
    sortedNames = names;
    List<Node> ordered = new ArrayList<>(names.length);
    for (String name : names) {
      ordered.add(byName.get(name));
    }
    return ordered;
  }
}
