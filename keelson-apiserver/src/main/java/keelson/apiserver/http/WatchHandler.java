package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.SelectorAttributes;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.ResourcePath;
import keelson.apiserver.watch.CacheEvent;
import keelson.apiserver.watch.WatchCache;
import keelson.apiserver.watch.WatchFilter;
import keelson.apiserver.watch.Watcher;

/**
 * Serves {@code ?watch=true}: newline-separated JSON events from the watch cache, as a chunked
 * stream or, when the client asks for an upgrade, as WebSocket messages; honouring
 * resourceVersion, selectors, bookmarks, {@code sendInitialEvents} and {@code timeoutSeconds}.
 */
final class WatchHandler {
  /** Without timeoutSeconds a watch lasts a random 30–60 minutes, as kube-apiserver's do. */
  private static final Duration MIN_WATCH = Duration.ofMinutes(30);
  private static final Duration BOOKMARK_EVERY = Duration.ofSeconds(30);
  private static final Duration PRE_TIMEOUT_BOOKMARK = Duration.ofSeconds(2);
  private static final long POLL_MILLIS = 1_000;
  /** How long an accepted WebSocket upgrade may take to open before its watcher is given up. */
  private static final Duration WEBSOCKET_OPEN_TIMEOUT = Duration.ofSeconds(30);
  private static final Map<CacheEvent.Type, byte[]> EVENT_HEADS = eventHeads();
  private static final byte[] EVENT_TAIL = "}\n".getBytes(StandardCharsets.UTF_8);

  private final ServerContext context;

  WatchHandler(ServerContext context) {
    this.context = context;
  }

  void watch(HttpExchange exchange, ResourcePath path, Representation representation) throws InterruptedException {
    ListOptionsValidation.require(exchange, true);
    ResourceType type = path.type();
    Predicate<SelectorAttributes> selected =
        Selection.of(type, exchange.query("labelSelector"), exchange.query("fieldSelector"));
    if (path.name() != null) {
      // The legacy form /api/v1/watch/... is not served; a name on the path is a field selector.
      String name = path.name();
      Predicate<SelectorAttributes> base = selected;
      selected = obj -> base.test(obj) && name.equals(obj.field("metadata.name"));
    }
    String resourceVersion = exchange.query("resourceVersion");
    boolean bookmarks = exchange.queryFlag("allowWatchBookmarks");
    String initialEventsParam = exchange.query("sendInitialEvents");
    boolean initialEvents = exchange.queryFlag("sendInitialEvents");
    boolean unset = resourceVersion == null || resourceVersion.isEmpty();
    long after;
    if (initialEventsParam != null) {
      // A watch list (resourceVersionMatch=NotOlderThan): the state at least as new as the
      // version (the latest when unset, any cached one for 0), then its changes.
      long atLeast = unset ? context.registry().storage().currentRevision() : ListHandler.parseRevision(resourceVersion);
      if (atLeast > 0 && !context.cache().awaitRevision(atLeast, Duration.ofSeconds(3))) {
        throw ApiException.timeout("Too large resource version: " + atLeast + ", current: "
            + context.cache().revision());
      }
      after = initialEvents ? -1 : context.cache().revision();
    } else if (unset || resourceVersion.equals("0")) {
      after = -1;
    } else {
      after = ListHandler.parseRevision(resourceVersion);
    }
    Duration lifetime = lifetime(exchange.query("timeoutSeconds"));
    WatchFilter filter = new WatchFilter(type, path.namespace(), selected);

    // The end of the initial events is marked only for clients that take bookmarks, as kube does.
    Request request = new Request(type, representation, filter, after, unset && initialEventsParam == null,
        lifetime, bookmarks, initialEvents && bookmarks && after < 0,
        exchange.hasView() ? exchange::outbound : null);

    // Everything a request can get wrong is checked above, so errors so far are plain responses;
    // from here on the watch is established and ends with the stream. It is registered before the
    // answer starts, as kube-apiserver registers a watch before it responds: a client that has seen
    // the stream begin (or the WebSocket open) misses no change made after that.
    Registration registration = register(request);
    if (WebSocketWatchSink.requested(exchange)) {
      // The stream runs once the connection is open, after this handler has returned.
      AtomicBoolean opened = new AtomicBoolean();
      try {
        WebSocketWatchSink.upgrade(exchange, contentType(representation), sink -> {
          opened.set(true);
          try {
            serve(sink, request, registration);
          } finally {
            registration.close();
          }
        });
      } catch (RuntimeException e) {
        registration.close();
        throw e;
      }
      closeUnlessOpened(registration, opened);
    } else {
      try {
        serve(new ChunkedWatchSink(exchange, contentType(representation)), request, registration);
      } finally {
        registration.close();
      }
    }
  }

  /**
   * A registered watcher, or why there is none (the version asked for is compacted away); closed
   * when its stream ends.
   */
  private record Registration(Watcher watcher, WatchCache.TooOldException tooOld) {
    void close() {
      if (watcher != null) {
        watcher.close();
      }
    }
  }

  private Registration register(Request request) throws InterruptedException {
    if (request.fromLatest()) {
      // Without a version the watch starts from the latest state: catch the cache up first.
      context.cache().awaitRevision(context.registry().storage().currentRevision(), Duration.ofSeconds(3));
    }
    try {
      return new Registration(context.cache().watch(request.filter(), request.after()), null);
    } catch (WatchCache.TooOldException e) {
      return new Registration(null, e);
    }
  }

  /**
   * Closes the watcher of an upgrade whose WebSocket never opened (the handshake failed after this
   * handler answered), so that it does not stay registered with the cache for ever.
   */
  private static void closeUnlessOpened(Registration registration, AtomicBoolean opened) {
    Thread.ofVirtual().name("watch-ws-open").start(() -> {
      try {
        Thread.sleep(WEBSOCKET_OPEN_TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!opened.get()) {
        registration.close();
      }
    });
  }

  /**
   * What a watch asked for, checked; {@code outbound} converts each object sent for a view
   * (events.k8s.io Events over the stored core ones), or is null.
   */
  private record Request(ResourceType type, Representation representation, WatchFilter filter, long after,
      boolean fromLatest, Duration lifetime, boolean bookmarks, boolean initialEventsEnd,
      UnaryOperator<JsonNode> outbound) {}

  private void serve(WatchSink sink, Request request, Registration registration) throws InterruptedException {
    try {
      if (registration.tooOld() != null) {
        sink.start();
        sink.send(line("ERROR", ApiException.gone(registration.tooOld().getMessage()).toStatus()));
        sink.end();
        return;
      }
      try {
        Watcher watcher = registration.watcher();
        sink.start();
        stream(sink, watcher, request.type(), request.representation(), request.outbound(), request.lifetime(),
            request.bookmarks(), request.initialEventsEnd());
        sink.end();
      } catch (Watcher.WatchOverflowException e) {
        // The client fell behind or the server is stopping: end the stream, the client re-watches.
        sink.end();
      }
    } catch (WatchSink.ClientGone e) {
      // The client went away; its watcher is closed, nothing is left to tell it.
    }
  }

  private void stream(WatchSink sink, Watcher watcher, ResourceType type, Representation representation,
      UnaryOperator<JsonNode> outbound, Duration lifetime, boolean bookmarks, boolean initialEventsEnd)
      throws InterruptedException {
    long deadline = System.nanoTime() + lifetime.toNanos();
    long nextBookmark = nextBookmark(System.nanoTime(), deadline);
    boolean[] columnsSent = {false};
    boolean initialPending = initialEventsEnd;
    while (sink.open()) {
      long now = System.nanoTime();
      if (now >= deadline) {
        return;
      }
      if (initialPending && watcher.peekEmpty()) {
        // Everything replayed so far was the initial state: say so with a bookmark.
        sink.send(bookmark(type, watcher.currentRevision(), true));
        sink.flush();
        initialPending = false;
      }
      CacheEvent event = watcher.poll(Math.min(POLL_MILLIS, Math.max(1, (deadline - now) / 1_000_000)));
      if (event == null) {
        if (bookmarks && System.nanoTime() >= nextBookmark) {
          sink.send(bookmark(type, watcher.currentRevision(), false));
          sink.flush();
          nextBookmark = nextBookmark(System.nanoTime(), deadline);
        }
        continue;
      }
      // Send what is queued together (up to about 256 KiB) before flushing.
      int batched = 0;
      do {
        byte[] line = eventLine(event, type, representation, columnsSent, outbound);
        sink.send(line);
        batched += line.length;
        event = batched < 256 * 1024 ? watcher.pollNow() : null;
      } while (event != null);
      sink.flush();
    }
  }

  /**
   * When the next bookmark is due, as kube-apiserver's cache watcher schedules it: every so often,
   * and also two seconds before the watch times out, so the client re-watches from a fresh
   * version. Once that moment has passed, no more are due.
   */
  static long nextBookmark(long now, long deadline) {
    long heartbeat = now + BOOKMARK_EVERY.toNanos();
    long beforeTimeout = deadline - PRE_TIMEOUT_BOOKMARK.toNanos();
    long next = Math.min(heartbeat, beforeTimeout);
    return next < now ? Long.MAX_VALUE : next;
  }

  private byte[] eventLine(CacheEvent event, ResourceType type, Representation representation,
      boolean[] columnsSent, UnaryOperator<JsonNode> outbound) {
    byte[] object = switch (representation) {
      case TABLE -> {
        ObjectNode table = TableRenderer.table(type, List.of(event.object().tree()),
            Long.toString(event.revision()), null, null, !columnsSent[0], context.clock().instant());
        columnsSent[0] = true;
        yield Json.bytes(table);
      }
      case PARTIAL_METADATA -> Json.bytes(TableRenderer.partialMetadata(event.object().tree()));
      default -> outbound == null ? event.object().json() : Json.bytes(outbound.apply(event.object().tree()));
    };
    // Written once at its final size: this runs for every event on every watch.
    byte[] head = EVENT_HEADS.get(event.type());
    byte[] line = new byte[head.length + object.length + EVENT_TAIL.length];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(object, 0, line, head.length, object.length);
    System.arraycopy(EVENT_TAIL, 0, line, head.length + object.length, EVENT_TAIL.length);
    return line;
  }

  private static Map<CacheEvent.Type, byte[]> eventHeads() {
    Map<CacheEvent.Type, byte[]> heads = new EnumMap<>(CacheEvent.Type.class);
    for (CacheEvent.Type type : CacheEvent.Type.values()) {
      heads.put(type, ("{\"type\":\"" + type.name() + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
    }
    return heads;
  }

  private static byte[] bookmark(ResourceType type, long revision, boolean initialEnd) {
    ObjectNode object = Json.object().put("kind", type.kind()).put("apiVersion", type.apiVersion());
    ObjectNode meta = object.putObject("metadata").put("resourceVersion", Long.toString(revision));
    if (initialEnd) {
      meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return line("BOOKMARK", object);
  }

  private static byte[] line(String eventType, JsonNode object) {
    ObjectNode line = Json.object().put("type", eventType);
    line.set("object", object);
    byte[] bytes = Json.bytes(line);
    byte[] withNewline = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
    withNewline[bytes.length] = '\n';
    return withNewline;
  }

  private static String contentType(Representation representation) {
    return representation == Representation.TABLE || representation == Representation.PARTIAL_METADATA
        ? representation.contentType() : "application/json";
  }

  private static Duration lifetime(String timeoutSeconds) {
    if (timeoutSeconds != null && !timeoutSeconds.isEmpty()) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(timeoutSeconds)));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("timeoutSeconds: Invalid value: \"" + timeoutSeconds + "\"");
      }
    }
    long extra = ThreadLocalRandom.current().nextLong(MIN_WATCH.toSeconds());
    return MIN_WATCH.plusSeconds(extra);
  }
}
