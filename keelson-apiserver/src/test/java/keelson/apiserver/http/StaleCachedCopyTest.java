package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.Bootstrap;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.NameGenerator;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.watch.WatchCache;
import keelson.storage.KeyValue;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes served while the copy updates start from is behind storage (a watch cache that has not
 * caught up): the answers are those storage's copy gives, and the request is not changed by the
 * attempt made on the stale copy.
 */
class StaleCachedCopyTest {
  private static final String KEY = BuiltinResources.CONFIG_MAPS.storageKey("default", "a");

  private final MemoryStore store = new MemoryStore();
  private final WatchCache cache = new WatchCache(store, BuiltinResources.ALL, 100);
  private final ApiServer api = new ApiServer("127.0.0.1", 0, Clock.systemUTC(), "v0.0.0-test", null);
  /** What updates start from: whatever this test put there. */
  private final Map<String, KeyValue> copies = new HashMap<>();

  StaleCachedCopyTest() {
    RegistryStore registry = new RegistryStore(store, Clock.systemUTC(), new NameGenerator(new SplittableRandom(1)),
        List.of(), false);
    Bootstrap.ensureSystemNamespaces(registry);
    registry.startUpdatesFrom(copies::get);
    cache.start();
    api.serve(registry, cache, () -> true);
  }

  @AfterEach
  void close() {
    cache.close();
    store.close();
  }

  private record Answer(int status, Map<String, List<String>> headers, JsonNode json) {}

  private Answer serve(String method, String uri, String body) {
    return serveAs("application/json", method, uri, body);
  }

  private Answer serveAs(String contentType, String method, String uri, String body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, List<String>> seen = new HashMap<>();
    int[] status = {0};
    api.serveInProcess(new InProcessRequest(method, URI.create("http://in-process" + uri),
        Map.of("Content-Type", List.of(contentType)),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8)), new InProcessResponse() {
          @Override
          public void head(int code, Map<String, List<String>> headers) {
            status[0] = code;
            seen.putAll(headers);
          }

          @Override
          public void content(byte[] bytes, boolean last) {
            out.writeBytes(bytes);
          }

          @Override
          public InProcessSocket upgraded(Map<String, List<String>> headers) {
            throw new AssertionError("not a WebSocket request");
          }
        });
    try {
      return new Answer(status[0], seen, Json.parse(out.toByteArray()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String configMap(String version, String value) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\""
        + (version == null ? "" : ",\"resourceVersion\":\"" + version + "\"") + "},\"data\":{\"k\":\"" + value + "\"}}";
  }

  /** Remembers storage's current copy as the one updates will start from. */
  private String keepCopy() {
    KeyValue current = store.get(KEY).orElseThrow();
    copies.put(KEY, current);
    return Long.toString(current.modRevision());
  }

  @Test
  void aReplaceNamingTheStaleCopysVersionIsAConflictNotAnUnconditionalWrite() {
    assertThat(serve("POST", "/api/v1/namespaces/default/configmaps", configMap(null, "v")).status()).isEqualTo(201);
    String stale = keepCopy();
    assertThat(serve("PUT", "/api/v1/namespaces/default/configmaps/a", configMap(stale, "w")).status()).isEqualTo(200);

    // A client that still sees the first version, as does the copy.
    Answer late = serve("PUT", "/api/v1/namespaces/default/configmaps/a", configMap(stale, "late"));

    assertThat(late.status()).isEqualTo(409);
    assertThat(serve("GET", "/api/v1/namespaces/default/configmaps/a", null).json().at("/data/k").asText())
        .isEqualTo("w");
  }

  @Test
  void aReplaceNamingStoragesVersionSucceedsThoughTheCopyIsOlder() {
    serve("POST", "/api/v1/namespaces/default/configmaps", configMap(null, "v"));
    keepCopy();
    String current = serve("PUT", "/api/v1/namespaces/default/configmaps/a", configMap(null, "w"))
        .json().at("/metadata/resourceVersion").asText();

    Answer replaced = serve("PUT", "/api/v1/namespaces/default/configmaps/a", configMap(current, "x"));

    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().at("/data/k").asText()).isEqualTo("x");
  }

  @Test
  void aPatchRetriedOnStoragesCopyWarnsOnce() {
    serve("POST", "/api/v1/namespaces/default/configmaps", configMap(null, "v"));
    keepCopy();
    serve("PUT", "/api/v1/namespaces/default/configmaps/a", configMap(null, "w"));

    Answer patched = serveAs("application/merge-patch+json", "PATCH",
        "/api/v1/namespaces/default/configmaps/a?fieldValidation=Warn", "{\"bogus\":1,\"data\":{\"k\":\"x\"}}");

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().at("/data/k").asText()).isEqualTo("x");
    assertThat(patched.headers().get("Warning")).as("one warning, though two attempts were made")
        .singleElement().asString().contains("unknown field \\\"bogus\\\"");
  }
}
