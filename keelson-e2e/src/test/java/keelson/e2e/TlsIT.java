package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code keelson server --tls}: HTTPS with a self-signed CA in the kubeconfig, HTTP/2 negotiated
 * by ALPN as with kube-apiserver, the bearer token required except on health and version, and the
 * real kubectl and fabric8 (whose watches are WebSockets over HTTP/1.1) working through it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
  final Path temp = TempDirs.create(getClass().getSimpleName());
  final ObjectMapper json = new ObjectMapper();

  KeelsonProcess server;
  Kubectl kubectl;
  HttpClient http;

  @BeforeAll
  void start() {
    Kubectl.requireInstalled();
    server = KeelsonProcess.startTls(temp, "memory");
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
    http = HttpClient.newBuilder().sslContext(server.sslContext()).build();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(HttpClient client, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void kubeconfigNamesTheHttpsServerAndCarriesTheCa() throws Exception {
    String kubeconfig = Files.readString(server.kubeconfig());

    assertThat(kubeconfig).contains("server: " + server.url() + "\n");
    String ca = Files.readString(server.caCertificate());
    assertThat(kubeconfig).contains("certificate-authority-data: "
        + java.util.Base64.getEncoder().encodeToString(ca.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  @Test
  void kubectlNegotiatesHttp2AndSeesTheNodes() {
    // Go's HTTP/2 transport reports the connections it opens under GODEBUG=http2debug=1; over
    // HTTP/1.1 it stays silent.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> kubectl.run("get", "nodes", "-o", "name").ok().lines().count() == 3);
    Kubectl.Result result = kubectl.run(Map.of("GODEBUG", "http2debug=1"), null, "get", "nodes");

    assertThat(result.ok()).contains("keelson-node-1", "keelson-node-2", "keelson-node-3");
    assertThat(result.stderr()).contains("http2: Transport creating client conn")
        .contains("http2: Transport encoding header \":path\" = \"/api/v1/nodes");
  }

  @Test
  void kubectlAppliesTheTutorialDaemonSetAndWatchesItsPods() throws Exception {
    kubectl.run("create", "namespace", "tls-ds").ok();
    kubectl.run("apply", "-n", "tls-ds", "-f", Manifests.copy("sample-ds.yaml", temp).toString()).ok();

    try (StreamedOutput watch = new StreamedOutput(kubectl.start("get", "pods", "-n", "tls-ds", "-w"))) {
      watch.awaitContains("sample-ds-", Duration.ofSeconds(90));
      watch.awaitContains("Running", Duration.ofSeconds(90));
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> kubectl
        .run("get", "pods", "-n", "tls-ds", "--field-selector=status.phase=Running", "-o", "name")
        .ok().lines().filter(line -> line.startsWith("pod/sample-ds-")).count() == 3);
  }

  @Test
  void javaClientTrustingTheCaGetsHttp2() throws Exception {
    HttpResponse<String> ready = get(http, "/readyz", null);
    HttpResponse<String> namespaces = get(http, "/api/v1/namespaces", server.token());

    assertThat(ready.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(namespaces.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(namespaces.statusCode()).isEqualTo(200);
    assertThat(json.readTree(namespaces.body()).path("kind").asText()).isEqualTo("NamespaceList");
  }

  @Test
  void aClientOfferingOnlyHttp11IsServedOverHttp11() throws Exception {
    HttpClient http11 = HttpClient.newBuilder().sslContext(server.sslContext())
        .version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> namespaces = get(http11, "/api/v1/namespaces", server.token());

    assertThat(namespaces.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(namespaces.statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestWithoutTheTokenIsUnauthorizedButHealthAndVersionAreAnonymous() throws Exception {
    for (String path : List.of("/api/v1/namespaces", "/api", "/apis/apps/v1/daemonsets", "/openapi/v2")) {
      HttpResponse<String> response = get(http, path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      JsonNode status = json.readTree(response.body());
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("status").asText()).isEqualTo("Failure");
      assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
      assertThat(status.path("code").asInt()).isEqualTo(401);
    }
    assertThat(get(http, "/api/v1/namespaces", "not-the-token").statusCode()).isEqualTo(401);
    for (String path : List.of("/healthz", "/readyz", "/livez", "/version")) {
      assertThat(get(http, path, null).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void kubectlWithAWrongTokenIsRefused() throws Exception {
    // (A kubeconfig user with no credentials at all would make kubectl prompt for a password.)
    Path wrong = temp.resolve("wrong-token.kubeconfig");
    Files.writeString(wrong, Files.readString(server.kubeconfig()).replace(server.token(), "not-the-token"));

    Kubectl.Result result = new Kubectl(wrong, temp.resolve("wrong-token-cache"), "kubectl").run("get", "pods");

    assertThat(result.exitCode()).isNotZero();
    // What kubectl prints for a 401, as against kube-apiserver without anonymous access.
    assertThat(result.stderr()).contains("error: You must be logged in to the server");
  }

  @Test
  void aWatchOverAWebSocketUpgradesOnTlsWithTheToken() throws Exception {
    kubectl.run("create", "namespace", "tls-ws").ok();
    WebSocketWatchIT.Recorder recorder = new WebSocketWatchIT.Recorder();
    URI uri = URI.create("wss://127.0.0.1:" + server.port() + "/api/v1/namespaces/tls-ws/configmaps?watch=true");
    // The JDK opens WebSockets with an HTTP/1.1 upgrade, as fabric8's watches over it do.
    WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + server.token())
        .buildAsync(uri, recorder).orTimeout(30, TimeUnit.SECONDS).join();
    try {
      kubectl.run("create", "configmap", "-n", "tls-ws", "over-wss").ok();
      await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.messages.isEmpty());
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }
    JsonNode event = json.readTree(recorder.messages.getFirst());
    assertThat(event.path("type").asText()).isEqualTo("ADDED");
    assertThat(event.path("object").path("metadata").path("name").asText()).isEqualTo("over-wss");

    assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(uri, new WebSocketWatchIT.Recorder())
        .orTimeout(30, TimeUnit.SECONDS).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }

  @Test
  void aRestartReusesTheCertificatesSoAnEarlierKubeconfigStillWorks() throws Exception {
    try (KeelsonProcess other = KeelsonProcess.startTls(temp.resolve("restart"), "sqlite")) {
      String ca = Files.readString(other.caCertificate());
      String serving = Files.readString(other.dataDir().resolve("tls/serving.crt"));
      Path earlier = Files.writeString(temp.resolve("earlier.kubeconfig"), Files.readString(other.kubeconfig()));

      other.stop();
      other.restart();

      assertThat(Files.readString(other.caCertificate())).isEqualTo(ca);
      assertThat(Files.readString(other.dataDir().resolve("tls/serving.crt"))).isEqualTo(serving);
      assertThat(new Kubectl(earlier, temp.resolve("earlier-cache"), "kubectl").run("get", "--raw", "/api").ok())
          .contains("\"kind\":\"APIVersions\"");
    }
  }

  @Test
  void fabric8WithTheKubeconfigListsAndWatchesOverTls() throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    assertThat(config.getMasterUrl()).startsWith("https://");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
          .withNewMetadata().withName("tls-fabric8").endMetadata().build()).create();
      List<String> events = new CopyOnWriteArrayList<>();
      try (Watch ignored = client.configMaps().inNamespace("tls-fabric8").watch(new Watcher<ConfigMap>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {
          events.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
          events.add("CLOSED " + cause);
        }
      })) {
        client.configMaps().inNamespace("tls-fabric8").resource(new ConfigMapBuilder()
            .withNewMetadata().withName("over-tls").endMetadata().addToData("k", "v").build()).create();
        client.configMaps().inNamespace("tls-fabric8").withName("over-tls").delete();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(events).containsSubsequence("ADDED over-tls", "DELETED over-tls"));
      }
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(client.nodes().list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .containsExactly("keelson-node-1", "keelson-node-2", "keelson-node-3"));
    }
  }
}
