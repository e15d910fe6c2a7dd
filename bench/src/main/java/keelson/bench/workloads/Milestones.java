package keelson.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * The first arrival time of each of a workload object's status milestones (e.g. "readyReplicas ==
 * 1000"), fed from a watch on that object's kind. The last milestone is the one awaited.
 */
final class Milestones {
  private final String name;
  private final Map<String, Predicate<JsonNode>> predicates = new LinkedHashMap<>();
  private final Map<String, Long> reached = new LinkedHashMap<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private String last;
  private volatile JsonNode lastStatus;

  Milestones(String name) {
    this.name = name;
  }

  /** Adds a milestone over the object's {@code status}; the last one added is awaited. */
  Milestones add(String label, Predicate<JsonNode> onStatus) {
    predicates.put(label, onStatus);
    last = label;
    return this;
  }

  /** Handles one watch event. */
  synchronized void event(byte[] line, int offset, int length, long nanos) throws java.io.IOException {
    JsonNode object = Kube.JSON.readTree(line, offset, length).path("object");
    if (!name.equals(object.path("metadata").path("name").asText())) {
      return;
    }
    JsonNode status = object.path("status");
    lastStatus = status;
    for (var entry : predicates.entrySet()) {
      if (!reached.containsKey(entry.getKey()) && entry.getValue().test(status)) {
        reached.put(entry.getKey(), nanos);
        if (entry.getKey().equals(last)) {
          done.countDown();
        }
      }
    }
  }

  CountDownLatch done() {
    return done;
  }

  /** Returns the milestones in order with their arrival times (absent: not reached). */
  synchronized Map<String, Long> reached() {
    Map<String, Long> inOrder = new LinkedHashMap<>();
    for (String label : predicates.keySet()) {
      inOrder.put(label, reached.get(label));
    }
    return inOrder;
  }

  String last() {
    return last;
  }

  JsonNode lastStatus() {
    return lastStatus;
  }
}
