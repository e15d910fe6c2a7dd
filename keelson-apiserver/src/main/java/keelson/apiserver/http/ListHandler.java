package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.SelectorAttributes;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.ResourcePath;
import keelson.apiserver.watch.CachedObject;
import keelson.apiserver.watch.WatchCache;
import keelson.storage.CompactedException;
import keelson.storage.KeyValue;
import keelson.storage.RangeResult;

/**
 * Serves LIST with kube-apiserver's resourceVersion semantics: unset means a consistent read (the
 * cache first catches up with storage), {@code 0} means any cached state, {@code N} means at least
 * N, and {@code resourceVersionMatch=Exact} reads storage at exactly N. Pages beyond the first are
 * read from storage at the first page's revision, so a paginated list is one consistent snapshot.
 */
final class ListHandler {
  private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(3);

  private final ServerContext context;

  ListHandler(ServerContext context) {
    this.context = context;
  }

  void list(HttpExchange exchange, ResourcePath path, Representation representation) throws InterruptedException {
    ListOptionsValidation.require(exchange, false);
    ResourceType type = path.type();
    Predicate<SelectorAttributes> selected =
        Selection.of(type, exchange.query("labelSelector"), exchange.query("fieldSelector"));
    int limit = parseLimit(exchange.query("limit"));
    String continueText = exchange.query("continue");
    String resourceVersion = exchange.query("resourceVersion");
    String match = exchange.query("resourceVersionMatch");
    String prefix = type.storagePrefix(path.namespace());

    Page page;
    if (continueText != null && !continueText.isEmpty()) {
      if (resourceVersion != null && !resourceVersion.isEmpty()) {
        throw ApiException.badRequest("specifying resource version is not allowed when using continue");
      }
      ContinueToken token = ContinueToken.decode(continueText);
      // A token from a 410 carries revision -1: go on from its key at the current state.
      page = fromStorage(prefix, token.lastKey(), Math.max(0, token.revision()), limit, selected, true);
    } else if ("Exact".equals(match)) {
      long revision = parseRevision(resourceVersion);
      page = fromStorage(prefix, null, revision, limit, selected, false);
    } else {
      long wanted;
      if (resourceVersion == null || resourceVersion.isEmpty()) {
        wanted = context.registry().storage().currentRevision();
      } else {
        wanted = parseRevision(resourceVersion);
      }
      if (wanted > 0 && !context.cache().awaitRevision(wanted, FRESHNESS_WAIT)) {
        throw ApiException.timeout("Too large resource version: " + wanted + ", current: "
            + context.cache().revision());
      }
      page = fromCache(prefix, limit, selected);
    }
    respond(exchange, type, page, representation);
  }

  private Page fromCache(String prefix, int limit, Predicate<SelectorAttributes> selected) {
    WatchCache.Snapshot snapshot = context.cache().list(prefix);
    List<CachedObject> items = new ArrayList<>();
    long remaining = 0;
    String lastKey = null;
    boolean more = false;
    for (CachedObject object : snapshot.items()) {
      if (!object.matches(selected)) {
        continue;
      }
      if (limit > 0 && items.size() >= limit) {
        more = true;
        remaining++;
        continue;
      }
      items.add(object);
      lastKey = object.key();
    }
    String token = more ? new ContinueToken(snapshot.revision(), lastKey).encode() : null;
    return new Page(items.stream().map(CachedObject::json).toList(), null, snapshot.revision(), token,
        more ? remaining : null);
  }

  private Page fromStorage(String prefix, String after, long revision, int limit,
      Predicate<SelectorAttributes> selected, boolean continuing) {
    List<byte[]> json = new ArrayList<>();
    List<JsonNode> objects = new ArrayList<>();
    String cursor = after;
    long readAt = revision;
    boolean more = false;
    try {
      pages:
      while (true) {
        RangeResult range = context.registry().storage().range(prefix, cursor, Math.max(limit + 1, 500), readAt);
        readAt = range.revision();
        for (KeyValue kv : range.items()) {
          if (limit > 0 && objects.size() >= limit) {
            more = true;
            break pages;
          }
          cursor = kv.key();
          ResourceType stored = context.cache().typeOf(kv.key());
          if (stored == null) {
            continue;
          }
          JsonNode object = RegistryStore.decode(kv);
          if (selected.test(SelectorAttributes.of(stored, object))) {
            objects.add(object);
            json.add(Json.bytes(object));
          }
        }
        if (!range.more()) {
          break;
        }
      }
    } catch (CompactedException e) {
      if (!continuing) {
        throw ApiException.gone("The resourceVersion for the provided list is too old.");
      }
      // As kube-apiserver: the 410 offers a token that goes on from the same key at the current
      // state, for clients that prefer an inconsistent list to starting over.
      throw ApiException.gone("The provided continue parameter is too old to display a consistent list "
          + "result. You can start a new list without the continue parameter, or use the continue value "
          + "from the 410 response.", new ContinueToken(-1, after).encode());
    }
    String token = more ? new ContinueToken(readAt, cursor).encode() : null;
    return new Page(json, objects, readAt, token, null);
  }

  private void respond(HttpExchange exchange, ResourceType type, Page page, Representation representation) {
    String rv = Long.toString(page.revision());
    switch (representation) {
      case TABLE -> exchange.sendJson(200, Representation.TABLE.contentType(), TableRenderer.table(type, page.trees(), rv, page.continueToken(),
          exchange.query("includeObject"), true, context.clock().instant()));
      case PARTIAL_METADATA -> {
        var list = Json.object().put("kind", "PartialObjectMetadataList").put("apiVersion", "meta.k8s.io/v1");
        var meta = list.putObject("metadata").put("resourceVersion", rv);
        if (page.continueToken() != null) {
          meta.put("continue", page.continueToken());
        }
        var items = list.putArray("items");
        page.trees().forEach(o -> items.add(TableRenderer.partialMetadata(o)));
        exchange.sendJson(200, "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io", list);
      }
      default -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + page.json().size() * 1024);
        StringBuilder head = new StringBuilder()
            .append("{\"kind\":\"").append(type.listKind())
            .append("\",\"apiVersion\":\"").append(type.apiVersion())
            .append("\",\"metadata\":{\"resourceVersion\":\"").append(rv).append('"');
        if (page.continueToken() != null) {
          head.append(",\"continue\":\"").append(page.continueToken()).append('"');
          if (page.remaining() != null) {
            head.append(",\"remainingItemCount\":").append(page.remaining());
          }
        }
        head.append("},\"items\":[");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (byte[] item : page.json()) {
          if (!first) {
            out.write(',');
          }
          out.writeBytes(item);
          first = false;
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        if (exchange.hasView()) {
          byte[] converted;
          try {
            converted = Json.bytes(exchange.outbound(Json.parse(out.toByteArray())));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          out.reset();
          out.writeBytes(converted);
        }
        if (representation == Representation.YAML) {
          exchange.send(200, Representation.YAML.contentType(), Yaml.fromJson(out.toByteArray()));
        } else {
          exchange.send(200, "application/json", out.toByteArray());
        }
      }
    }
  }

  private static int parseLimit(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    try {
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Long.parseLong(text)));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit: Invalid value: \"" + text + "\": must be an integer");
    }
  }

  static long parseRevision(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("resourceVersion: Invalid value: \"" + text
          + "\": strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
    }
  }

  /**
   * One page of results: the serialized items, their trees when the source had them at hand (null
   * otherwise: the representations that need trees parse them), and pagination state.
   */
  private record Page(List<byte[]> json, List<JsonNode> objects, long revision, String continueToken,
      Long remaining) {

    List<JsonNode> trees() {
      if (objects != null) {
        return objects;
      }
      List<JsonNode> parsed = new ArrayList<>(json.size());
      for (byte[] item : json) {
        try {
          parsed.add(Json.parse(item));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return parsed;
    }
  }
}
