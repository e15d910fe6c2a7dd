package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.ResourcePath;
import keelson.apiserver.watch.CacheEvent;
import keelson.apiserver.watch.WatchCache;
import keelson.apiserver.watch.WatchFilter;
import keelson.apiserver.watch.Watcher;
import org.eclipse.jetty.io.EofException;

/**
 * Serves {@code ?watch=true}: a chunked stream of newline-separated JSON events from the watch
 * cache, honouring resourceVersion, selectors, bookmarks, {@code sendInitialEvents} and
 * {@code timeoutSeconds}.
 */
final class WatchHandler {
  /** Without timeoutSeconds a watch lasts a random 30–60 minutes, as kube-apiserver's do. */
  private static final Duration MIN_WATCH = Duration.ofMinutes(30);
  private static final Duration BOOKMARK_EVERY = Duration.ofSeconds(30);
  private static final Duration PRE_TIMEOUT_BOOKMARK = Duration.ofSeconds(2);
  private static final long POLL_MILLIS = 1_000;

  private final ServerContext context;

  WatchHandler(ServerContext context) {
    this.context = context;
  }

  void watch(HttpExchange exchange, ResourcePath path, Representation representation) throws InterruptedException {
    String upgrade = exchange.header("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      // Watches are served as HTTP streams only. A client that tries a WebSocket first (the fabric8
      // client) falls back to the streaming GET at once when the upgrade is answered with a plain
      // 200 — the answer kubectl proxy gives; a 503 would make it retry for about 20 seconds first.
      exchange.closeConnectionAfterResponse();
      exchange.sendJson(200, ApiException.serviceUnavailable(
          "watch over WebSocket is not supported; use a streaming watch").toStatus());
      return;
    }
    ListOptionsValidation.require(exchange, true);
    ResourceType type = path.type();
    Predicate<JsonNode> selected =
        Selection.of(type, exchange.query("labelSelector"), exchange.query("fieldSelector"));
    if (path.name() != null) {
      // The legacy form /api/v1/watch/... is not served; a name on the path is a field selector.
      String name = path.name();
      Predicate<JsonNode> base = selected;
      selected = obj -> base.test(obj) && name.equals(obj.path("metadata").path("name").asText());
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
      if (unset) {
        // Without a version the watch starts from the latest state: catch the cache up first.
        context.cache().awaitRevision(context.registry().storage().currentRevision(), Duration.ofSeconds(3));
      }
    } else {
      after = ListHandler.parseRevision(resourceVersion);
    }
    Duration lifetime = lifetime(exchange.query("timeoutSeconds"));
    WatchFilter filter = new WatchFilter(type, path.namespace(), selected);

    Watcher watcher;
    try {
      watcher = context.cache().watch(filter, after);
    } catch (WatchCache.TooOldException e) {
      exchange.startStream(contentType(representation));
      ApiException gone = ApiException.gone(e.getMessage());
      writeLine(exchange, "ERROR", gone.toStatus());
      exchange.endStream();
      return;
    }
    try (watcher) {
      exchange.startStream(contentType(representation));
      // The end of the initial events is marked only for clients that take bookmarks, as kube does.
      stream(exchange, watcher, type, representation, lifetime, bookmarks, initialEvents && bookmarks && after < 0);
      exchange.endStream();
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof EofException)) {
        throw e;
      }
    } catch (Watcher.WatchOverflowException e) {
      // The client fell behind or the server is stopping: end the stream, the client re-watches.
      try {
        exchange.endStream();
      } catch (UncheckedIOException ignored) {
        // the client is gone already
      }
    }
  }

  private void stream(HttpExchange exchange, Watcher watcher, ResourceType type,
      Representation representation, Duration lifetime, boolean bookmarks, boolean initialEventsEnd)
      throws InterruptedException {
    long deadline = System.nanoTime() + lifetime.toNanos();
    long nextBookmark = nextBookmark(System.nanoTime(), deadline);
    boolean[] columnsSent = {false};
    boolean initialPending = initialEventsEnd;
    while (true) {
      long now = System.nanoTime();
      if (now >= deadline) {
        return;
      }
      if (initialPending && watcher.peekEmpty()) {
        // Everything replayed so far was the initial state: say so with a bookmark.
        writeBookmark(exchange, type, watcher.currentRevision(), true);
        initialPending = false;
      }
      CacheEvent event = watcher.poll(Math.min(POLL_MILLIS, Math.max(1, (deadline - now) / 1_000_000)));
      if (event == null) {
        if (bookmarks && System.nanoTime() >= nextBookmark) {
          writeBookmark(exchange, type, watcher.currentRevision(), false);
          nextBookmark = nextBookmark(System.nanoTime(), deadline);
        }
        continue;
      }
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      do {
        appendEvent(batch, event, type, representation, columnsSent);
        event = watcher.pollNow();
      } while (event != null && batch.size() < 256 * 1024);
      if (event != null) {
        appendEvent(batch, event, type, representation, columnsSent);
      }
      exchange.stream(batch.toByteArray());
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

  private void appendEvent(ByteArrayOutputStream out, CacheEvent event, ResourceType type,
      Representation representation, boolean[] columnsSent) {
    out.writeBytes(("{\"type\":\"" + event.type().name() + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
    switch (representation) {
      case TABLE -> {
        ObjectNode table = TableRenderer.table(type, List.of(event.object().object()),
            Long.toString(event.revision()), null, null, !columnsSent[0], context.clock().instant());
        columnsSent[0] = true;
        out.writeBytes(Json.bytes(table));
      }
      case PARTIAL_METADATA -> out.writeBytes(Json.bytes(TableRenderer.partialMetadata(event.object().object())));
      default -> out.writeBytes(event.object().json());
    }
    out.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
  }

  private void writeBookmark(HttpExchange exchange, ResourceType type, long revision, boolean initialEnd) {
    ObjectNode object = Json.object().put("kind", type.kind()).put("apiVersion", type.apiVersion());
    ObjectNode meta = object.putObject("metadata").put("resourceVersion", Long.toString(revision));
    if (initialEnd) {
      meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    writeLine(exchange, "BOOKMARK", object);
  }

  private static void writeLine(HttpExchange exchange, String eventType, JsonNode object) {
    ObjectNode line = Json.object().put("type", eventType);
    line.set("object", object);
    byte[] bytes = Json.bytes(line);
    byte[] withNewline = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
    withNewline[bytes.length] = '\n';
    exchange.stream(withNewline);
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
