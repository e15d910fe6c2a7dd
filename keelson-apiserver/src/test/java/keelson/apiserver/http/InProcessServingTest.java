package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.Bootstrap;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.NameGenerator;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.watch.WatchCache;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests served through {@link ApiServer#serveInProcess}: the same handlers, no socket (the server never listens). */
class InProcessServingTest {
  private static final String TOKEN = "secret";

  private final MemoryStore store = new MemoryStore();
  private final WatchCache cache = new WatchCache(store, BuiltinResources.ALL, 100);
  private final ApiServer api = new ApiServer("127.0.0.1", 0, Clock.systemUTC(), "v0.0.0-test", TOKEN);

  InProcessServingTest() {
    RegistryStore registry = new RegistryStore(store, Clock.systemUTC(), new NameGenerator(new SplittableRandom(1)),
        List.of(), false);
    Bootstrap.ensureSystemNamespaces(registry);
    cache.start();
    api.serve(registry, cache, () -> true);
  }

  @AfterEach
  void close() {
    cache.close();
    store.close();
  }

  /** Collects a plain response. */
  private static class Collected implements InProcessResponse {
    int status;
    Map<String, List<String>> headers;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int heads;
    boolean ended;

    @Override
    public void head(int status, Map<String, List<String>> headers) {
      this.status = status;
      this.headers = Map.copyOf(headers);
      heads++;
    }

    @Override
    public void content(byte[] bytes, boolean last) throws IOException {
      body.writeBytes(bytes);
      ended = last;
    }

    @Override
    public InProcessSocket upgraded(Map<String, List<String>> headers) {
      throw new AssertionError("not a WebSocket request");
    }

    JsonNode json() {
      try {
        return Json.parse(body.toByteArray());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** A WebSocket client end that records messages and lets the test close it. */
  private static final class Socket implements InProcessSocket {
    final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    volatile boolean open = true;

    @Override
    public CompletableFuture<Void> text(String message) {
      messages.add(message);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(int code, String reason) {
      closedWith.complete(code);
    }

    @Override
    public boolean open() {
      return open;
    }
  }

  private static InProcessRequest request(String method, String uri, String body) {
    return new InProcessRequest(method, URI.create("http://in-process" + uri),
        Map.of("authorization", List.of("Bearer " + TOKEN), "User-Agent", List.of("my-controller/1.0 (linux)"),
            "Content-Type", List.of("application/json")),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private Collected serve(InProcessRequest request) {
    Collected response = new Collected();
    api.serveInProcess(request, response);
    return response;
  }

  @Test
  void aCreateGoesThroughAdmissionAndFieldManagementWithTheUserAgentAsManager() {
    Collected created = serve(request("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"}}"));

    assertThat(created.status).isEqualTo(201);
    assertThat(created.heads).isEqualTo(1);
    assertThat(created.ended).isTrue();
    assertThat(created.headers.get("Content-Type")).containsExactly("application/json");
    assertThat(created.headers).containsKey("Audit-Id");
    assertThat(created.json().at("/metadata/uid").asText()).hasSize(36);
    assertThat(created.json().at("/metadata/managedFields/0/manager").asText()).isEqualTo("my-controller");
  }

  @Test
  void errorsAreStatusObjectsAndWarningsAreHeaders() {
    Collected missing = serve(request("GET", "/api/v1/namespaces/default/configmaps/nope", null));
    assertThat(missing.status).isEqualTo(404);
    assertThat(missing.json().path("kind").asText()).isEqualTo("Status");
    assertThat(missing.json().path("reason").asText()).isEqualTo("NotFound");

    Collected unknownField = serve(request("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Warn",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"b\"},\"bogus\":1}"));
    assertThat(unknownField.status).isEqualTo(201);
    assertThat(unknownField.headers.get("Warning")).singleElement().asString().contains("unknown field \\\"bogus\\\"");
  }

  @Test
  void aWrongTokenIsRefusedAsOverHttp() {
    InProcessRequest wrong = new InProcessRequest("GET", URI.create("/api/v1/namespaces"),
        Map.of("Authorization", List.of("Bearer guess")), null);
    Collected refused = serve(wrong);
    assertThat(refused.status).isEqualTo(401);
    assertThat(refused.json().path("reason").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void aWatchOverTheWebSocketFormSendsEachEventAsAMessageUntilTheClientCloses() throws Exception {
    serve(request("POST", "/api/v1/namespaces/default/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"before\"}}"));
    Socket socket = new Socket();
    CompletableFuture<Map<String, List<String>>> upgradeHeaders = new CompletableFuture<>();
    InProcessRequest watch = new InProcessRequest("GET",
        URI.create("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0"),
        Map.of("Upgrade", List.of("websocket"), "Connection", List.of("Upgrade"),
            "Sec-WebSocket-Protocol", List.of("v4.channel.k8s.io")), null);
    api.serveInProcess(watch, new Collected() {
      @Override
      public InProcessSocket upgraded(Map<String, List<String>> headers) {
        upgradeHeaders.complete(Map.copyOf(headers));
        return socket;
      }
    });
    assertThat(upgradeHeaders.get(5, TimeUnit.SECONDS).get("Sec-WebSocket-Protocol")).containsExactly("v4.channel.k8s.io");

    JsonNode first = Json.parse(socket.messages.poll(10, TimeUnit.SECONDS).getBytes(StandardCharsets.UTF_8));
    assertThat(first.path("type").asText()).isEqualTo("ADDED");
    assertThat(first.at("/object/metadata/name").asText()).isEqualTo("before");

    serve(request("POST", "/api/v1/namespaces/default/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"after\"}}"));
    String second = socket.messages.poll(10, TimeUnit.SECONDS);
    assertThat(second).contains("\"ADDED\"").contains("\"after\"").endsWith("\n");

    socket.open = false;
    // The watch notices the client's close at its next poll and closes normally.
    assertThat(socket.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
  }

  @Test
  void aWatchWithoutAVersionIsRegisteredBeforeTheUpgradeIsAnswered() throws Exception {
    // As kube-apiserver: once a client sees its watch established, no later change is missed, even
    // one made and undone before the stream's first message.
    Socket socket = new Socket();
    InProcessRequest watch = new InProcessRequest("GET",
        URI.create("/api/v1/namespaces/default/configmaps?watch=true"),
        Map.of("Upgrade", List.of("websocket"), "Connection", List.of("Upgrade")), null);
    api.serveInProcess(watch, new Collected() {
      @Override
      public InProcessSocket upgraded(Map<String, List<String>> headers) {
        serve(request("POST", "/api/v1/namespaces/default/configmaps",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"brief\"}}"));
        serve(request("DELETE", "/api/v1/namespaces/default/configmaps/brief", null));
        return socket;
      }
    });

    String added = socket.messages.poll(10, TimeUnit.SECONDS);
    String deleted = socket.messages.poll(10, TimeUnit.SECONDS);
    assertThat(added).contains("\"ADDED\"").contains("\"brief\"");
    assertThat(deleted).contains("\"DELETED\"").contains("\"brief\"");
    socket.open = false;
  }

  @Test
  void aChunkedWatchStreamsEventsUntilTheClientGoesAway() throws Exception {
    LinkedBlockingQueue<String> chunks = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> started = new CompletableFuture<>();
    Thread watching = Thread.ofVirtual().start(() -> api.serveInProcess(
        request("GET", "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=30", null),
        new Collected() {
          int received;

          @Override
          public void head(int code, Map<String, List<String>> headers) {
            started.complete(code);
          }

          @Override
          public void content(byte[] bytes, boolean last) throws IOException {
            if (bytes.length == 0) {
              return;
            }
            if (++received > 1) {
              throw new IOException("the client went away");
            }
            chunks.add(new String(bytes, StandardCharsets.UTF_8));
          }
        }));
    assertThat(started.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    serve(request("POST", "/api/v1/namespaces/default/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}"));
    assertThat(chunks.poll(10, TimeUnit.SECONDS)).contains("\"ADDED\"").contains("\"c\"");

    serve(request("POST", "/api/v1/namespaces/default/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"d\"}}"));
    // Writing the next event fails: the watch ends and its request returns.
    assertThat(watching.join(java.time.Duration.ofSeconds(10))).isTrue();
  }
}
