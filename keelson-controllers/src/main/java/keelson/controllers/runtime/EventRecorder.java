package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import keelson.api.time.Rfc3339;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about objects, as client-go's recorder: asynchronously (a controller never
 * waits for its events), and aggregated: the same reason and message about the same object again
 * raises the existing event's {@code count} and {@code lastTimestamp} instead of adding one;
 * similar events are combined and each object's events rate limited ({@link EventCorrelator}).
 */
public final class EventRecorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final int REMEMBERED = 4_096;
  /** The time in the last Event name given out, so that names never repeat or go back. */
  private static final AtomicLong LAST_NAME_NANOS = new AtomicLong();

  private final KubernetesClient client;
  /** Creates go out without decoding the answer: a recorder never reads it. */
  private final WriteOnlyClient writes;
  private final String component;
  private final Clock clock;
  /** Used on the sending thread only. */
  private final EventCorrelator correlator = new EventCorrelator();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("events").factory());
  /** Recent events by what makes them the same, so repeats are counted rather than re-created. */
  private final Map<String, Recorded> recent = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
      return size() > REMEMBERED;
    }
  };

  private final String host;

  public EventRecorder(KubernetesClient client, String component, Clock clock) {
    this(client, component, null, clock);
  }

  /**
   * A recorder that reports from one host, as a kubelet does: {@code source.host} and
   * {@code reportingInstance} are the node's name.
   */
  public EventRecorder(KubernetesClient client, String component, String host, Clock clock) {
    this.client = client;
    this.writes = new WriteOnlyClient(client);
    this.component = component;
    this.host = host;
    this.clock = clock;
  }

  /** Returns a reference to an object, as client-go's {@code reference.GetReference} makes it. */
  public static ObjectReference reference(HasMetadata object) {
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion()).withKind(object.getKind())
        .withNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
        .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
        .build();
  }

  /**
   * Returns the reference a kubelet uses for its node: the node's name stands for its uid, and the
   * events land in the default namespace (kubectl describe node looks for both uids).
   */
  public static ObjectReference kubeletNodeReference(String nodeName) {
    return new ObjectReferenceBuilder().withKind("Node").withName(nodeName).withUid(nodeName).build();
  }

  /** Records a Normal event about a part of an object ({@code fieldPath}, e.g. {@code spec.containers{web}}). */
  public void normal(ObjectReference reference, String reason, String message) {
    record(reference, "Normal", reason, message);
  }

  /** Records a Warning event about a reference. */
  public void warning(ObjectReference reference, String reason, String message) {
    record(reference, "Warning", reason, message);
  }

  /** Records a Normal event. */
  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  /** Records a Warning event. */
  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  /** Records an event of the given type: {@code Warning}, anything else as {@code Normal}. */
  public void event(HasMetadata object, String type, String reason, String message) {
    if ("Warning".equals(type)) {
      warning(object, reason, message);
    } else {
      normal(object, reason, message);
    }
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    record(reference(object), type, reason, message);
  }

  private void record(ObjectReference object, String type, String reason, String message) {
    String namespace = object.getNamespace() == null || object.getNamespace().isEmpty() ? "default" : object.getNamespace();
    Instant at = clock.instant();
    sender.execute(() -> correlateAndSend(object, namespace, type, reason, message, at));
  }

  /** On the sending thread: combines and rate-limits as client-go's correlator, then writes. */
  private void correlateAndSend(ObjectReference object, String namespace, String type, String reason,
      String message, Instant at) {
    EventCorrelator.Outcome outcome = correlator.correlate(object, type, reason, message, at);
    if (outcome.skip()) {
      // Dropped by the rate limit, but counted, as client-go counts it: a later write shows it.
      synchronized (recent) {
        recent.computeIfPresent(outcome.identity(), (k, r) -> new Recorded(r.name(), r.count() + 1));
      }
      return;
    }
    send(object, namespace, outcome.identity(), type, reason, outcome.message(),
        at.truncatedTo(ChronoUnit.SECONDS));
  }

  private void send(ObjectReference object, String namespace, String identity, String type, String reason,
      String message, Instant now) {
    String time = Rfc3339.seconds(now);
    try {
      Recorded previous;
      synchronized (recent) {
        previous = recent.get(identity);
      }
      if (previous != null) {
        int count = previous.count() + 1;
        Event updated = client.v1().events().inNamespace(namespace).withName(previous.name())
            .edit(e -> new EventBuilder(e).withCount(count).withLastTimestamp(time).withMessage(message).build());
        if (updated != null) {
          synchronized (recent) {
            recent.put(identity, new Recorded(previous.name(), count));
          }
          return;
        }
      }
      String name = eventName(object.getName(), Instant.now());
      writes.create(WriteOnlyClient.collection("", "v1", namespace, "events"),
          NewEventJson.of(name, namespace, object, type, reason, message, component, host, time));
      synchronized (recent) {
        recent.put(identity, new Recorded(name, 1));
      }
    } catch (KubernetesClientException e) {
      log.atDebug().addKeyValue("reason", reason).addKeyValue("error", e.getMessage()).log("event not recorded");
    } catch (IllegalStateException e) {
      // The client closed under a send: the process is stopping (close() drops the rest).
      log.atDebug().addKeyValue("reason", reason).addKeyValue("error", e.getMessage()).log("event not recorded");
    }
  }

  /**
   * Stops recording. Events still queued are dropped, as a stopping kube component's event
   * broadcaster drops them: they are best effort, and the client they would go through is closing.
   */
  @Override
  public void close() {
    int dropped = sender.shutdownNow().size();
    if (dropped > 0) {
      log.atDebug().addKeyValue("component", component).addKeyValue("dropped", dropped)
          .log("event recorder stopped with events unsent");
    }
  }

  /**
   * Names an Event as client-go does, {@code <object>.<unix nanoseconds in hex>}, strictly increasing
   * within this process: lists come back in name order, and kubectl shows Events of the same second
   * in that order, so a container's Pulled, Created and Started must sort as they happened.
   */
  static String eventName(String objectName, Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long unique = LAST_NAME_NANOS.accumulateAndGet(nanos, (last, wanted) -> Math.max(last + 1, wanted));
    return objectName + "." + Long.toHexString(unique);
  }

  private record Recorded(String name, int count) {}
}
