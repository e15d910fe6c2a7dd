package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Derives a pod's READY, STATUS and RESTARTS cells from its spec and status, in the order kubectl's
 * server-side printer applies the rules (phase or reason, scheduling gate, init containers, regular
 * containers from last to first, then deletion).
 *
 * @param ready {@code <ready>/<total>}, counting started sidecar init containers
 * @param status the STATUS cell, for example {@code Running}, {@code Init:0/1}, {@code Terminating}
 * @param restarts the RESTARTS cell, {@code 3} or {@code 3 (5m ago)}
 */
record PodStatusColumn(String ready, String status, String restarts) {

  /** Returns the three derived cells of {@code pod} at {@code now}. */
  static PodStatusColumn of(JsonNode pod, Instant now) {
    JsonNode spec = Json.at(pod, "spec");
    JsonNode status = Json.at(pod, "status");
    String phase = Json.text(status, "phase");
    String reason = Json.text(status, "reason").isEmpty() ? phase : Json.text(status, "reason");

    for (JsonNode condition : status.path("conditions")) {
      if (Json.text(condition, "type").equals("PodScheduled")
          && Json.text(condition, "reason").equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }

    Set<String> sidecars = new HashSet<>();
    int initContainerCount = spec.path("initContainers").size();
    int total = spec.path("containers").size();
    for (JsonNode init : spec.path("initContainers")) {
      // An init container with restartPolicy Always is a sidecar: it keeps running beside the app.
      if (Json.text(init, "restartPolicy").equals("Always")) {
        sidecars.add(Json.text(init, "name"));
        total++;
      }
    }

    int ready = 0;
    long restarts = 0;
    long sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    boolean initializing = false;
    int index = 0;
    for (JsonNode container : status.path("initContainerStatuses")) {
      int i = index++;
      restarts += Json.integer(container, "restartCount");
      Instant finished = HumanDuration.parse(Json.at(container, "lastState", "terminated", "finishedAt"));
      lastRestart = later(lastRestart, finished);
      boolean sidecar = sidecars.contains(Json.text(container, "name"));
      if (sidecar) {
        sidecarRestarts += Json.integer(container, "restartCount");
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      JsonNode terminated = Json.at(container, "state", "terminated");
      JsonNode waiting = Json.at(container, "state", "waiting");
      if (terminated.isObject() && Json.integer(terminated, "exitCode") == 0) {
        continue;
      }
      if (sidecar && Json.bool(container, "started")) {
        if (Json.bool(container, "ready")) {
          ready++;
        }
        continue;
      }
      if (terminated.isObject()) {
        reason = "Init:" + terminatedReason(terminated);
      } else if (waiting.isObject() && !Json.text(waiting, "reason").isEmpty()
          && !Json.text(waiting, "reason").equals("PodInitializing")) {
        reason = "Init:" + Json.text(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + initContainerCount;
      }
      initializing = true;
      break;
    }

    if (!initializing || hasTrueCondition(status, "Initialized")) {
      // Once initialised, only sidecar restarts carry over from the init phase.
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      JsonNode statuses = status.path("containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode container = statuses.get(i);
        restarts += Json.integer(container, "restartCount");
        lastRestart = later(lastRestart,
            HumanDuration.parse(Json.at(container, "lastState", "terminated", "finishedAt")));
        JsonNode waiting = Json.at(container, "state", "waiting");
        JsonNode terminated = Json.at(container, "state", "terminated");
        if (waiting.isObject() && !Json.text(waiting, "reason").isEmpty()) {
          reason = Json.text(waiting, "reason");
        } else if (terminated.isObject()) {
          reason = Json.text(terminated, "reason").isEmpty()
              ? terminatedReason(terminated) : Json.text(terminated, "reason");
        } else if (Json.bool(container, "ready") && Json.at(container, "state", "running").isObject()) {
          hasRunning = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = hasTrueCondition(status, "Ready") ? "Running" : "NotReady";
      }
    }

    if (Json.present(pod, "metadata", "deletionTimestamp")) {
      if (Json.text(status, "reason").equals("NodeLost")) {
        reason = "Unknown";
      } else if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
        reason = "Terminating";
      }
    }

    String restartsCell = Long.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartsCell = restarts + " (" + HumanDuration.format(java.time.Duration.between(lastRestart, now)) + " ago)";
    }
    return new PodStatusColumn(ready + "/" + total, reason, restartsCell);
  }

  /** Returns {@code Signal:<n>} or {@code ExitCode:<n>} for a terminated state (the reason-less form). */
  private static String terminatedReason(JsonNode terminated) {
    String reason = Json.text(terminated, "reason");
    if (!reason.isEmpty()) {
      return reason;
    }
    long signal = Json.integer(terminated, "signal");
    return signal != 0 ? "Signal:" + signal : "ExitCode:" + Json.integer(terminated, "exitCode");
  }

  private static boolean hasTrueCondition(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (Json.text(condition, "type").equals(type)) {
        if (Json.text(condition, "status").equals("True")) {
          return true;
        }
        // Initialized: upstream looks at the first match only; Ready: any True one counts.
        if (type.equals("Initialized")) {
          return false;
        }
      }
    }
    return false;
  }

  private static Instant later(Instant current, Instant candidate) {
    if (candidate == null) {
      return current;
    }
    return current == null || current.isBefore(candidate) ? candidate : current;
  }
}
