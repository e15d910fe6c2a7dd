package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Watches over WebSocket at the protocol level, as kube-apiserver serves them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketWatchIT {
  final Path temp = TempDirs.create(getClass().getSimpleName());
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();

  KeelsonProcess server;
  KubernetesClient client;

  @BeforeAll
  void start() throws Exception {
    server = KeelsonProcess.start(temp, "memory");
    client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Collects whole text messages and the close code. */
  static final class Recorder implements WebSocket.Listener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<Boolean> binary = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
      binary.add(true);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }

  private WebSocket open(String pathAndQuery, Recorder recorder, String... subprotocols) {
    WebSocket.Builder builder = http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + server.token())
        .connectTimeout(Duration.ofSeconds(30));
    if (subprotocols.length > 0) {
      builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    return builder.buildAsync(uri, recorder).orTimeout(30, TimeUnit.SECONDS).join();
  }

  @Test
  void eachEventIsOneTextMessageWithTheStreamsJson() throws Exception {
    Recorder recorder = new Recorder();
    WebSocket socket = open("/api/v1/namespaces/default/configmaps?watch=true&labelSelector=ws%3Done", recorder);
    try {
      assertThat(socket.getSubprotocol()).isEmpty();
      var configMaps = client.configMaps().inNamespace("default");
      configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("ws-a")
          .addToLabels("ws", "one").endMetadata().addToData("k", "1").build()).create();
      configMaps.withName("ws-a").edit(c -> new ConfigMapBuilder(c).addToData("k", "2").build());
      configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("ws-other")
          .addToLabels("ws", "two").endMetadata().build()).create();
      configMaps.withName("ws-a").delete();
      await().atMost(Duration.ofSeconds(20)).until(() -> recorder.messages.size() >= 3);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }
    assertThat(recorder.binary).isEmpty();
    List<String> seen = new java.util.ArrayList<>();
    for (String message : recorder.messages) {
      // One event per message, newline-terminated as a line of the chunked stream is.
      assertThat(message).endsWith("\n");
      assertThat(message.strip()).doesNotContain("\n");
      JsonNode event = json.readTree(message);
      assertThat(event.path("object").path("kind").asText()).isEqualTo("ConfigMap");
      seen.add(event.path("type").asText() + " " + event.path("object").path("metadata").path("name").asText());
    }
    assertThat(seen).containsExactly("ADDED ws-a", "MODIFIED ws-a", "DELETED ws-a");
  }

  @Test
  void theWatchEndsWithANormalClosure() {
    Recorder recorder = new Recorder();
    open("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1", recorder);
    assertThat(recorder.closed.orTimeout(20, TimeUnit.SECONDS).join()).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  @Test
  void aSingleSubprotocolIsAcceptedAndSeveralAreRefused() {
    Recorder recorder = new Recorder();
    WebSocket socket = open("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30", recorder,
        "v4.channel.k8s.io");
    assertThat(socket.getSubprotocol()).isEqualTo("v4.channel.k8s.io");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "");

    assertThatThrownBy(() -> open("/api/v1/namespaces/default/configmaps?watch=true", new Recorder(),
        "v4.channel.k8s.io", "base64.channel.k8s.io"))
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
  }

  @Test
  void aBadWatchIsRefusedBeforeTheUpgrade() {
    assertThatThrownBy(() -> open("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=soon",
        new Recorder()))
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
  }
}
