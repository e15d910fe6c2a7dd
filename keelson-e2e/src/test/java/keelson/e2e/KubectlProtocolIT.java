package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import keelson.storage.etcd.EtcdProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Protocol details real clients depend on: gzip, Accept negotiation, watch bookmarks and watch
 * lists ({@code sendInitialEvents}), and the 410 of a continue token whose snapshot was compacted.
 * The server runs on a real etcd so the test can compact history with etcdctl, as kube-apiserver's
 * compactor would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlProtocolIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path temp = TempDirs.create(getClass().getSimpleName());
  private final HttpClient http = HttpClient.newHttpClient();
  private EtcdProcess etcd;
  private KeelsonProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void start() {
    Kubectl.requireInstalled();
    etcd = EtcdProcess.start();
    server = KeelsonProcess.start(temp, "etcd://" + etcd.endpoints());
    kubectl = new Kubectl(server, temp.resolve("kube-cache"));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Authorization", "Bearer " + server.token()).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void largeResponsesAreGzippedWhenAcceptedAndSmallOnesAreNot() throws Exception {
    kubectl.run("create", "namespace", "gzip").ok();
    String big = "x".repeat(40_000);
    for (int i = 0; i < 5; i++) {
      kubectl.run("create", "configmap", "big-" + i, "-n", "gzip", "--from-literal=v=" + big).ok();
    }
    HttpResponse<byte[]> list = get("/api/v1/namespaces/gzip/configmaps", "Accept-Encoding", "gzip");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Encoding")).hasValue("gzip");
    JsonNode items;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(list.body()))) {
      items = JSON.readTree(in.readAllBytes()).path("items");
    }
    assertThat(items.size()).isEqualTo(5);
    assertThat(list.body().length).as("compressed").isLessThan(40_000);

    HttpResponse<byte[]> plain = get("/api/v1/namespaces/gzip/configmaps");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(JSON.readTree(plain.body()).path("items").size()).isEqualTo(5);
    HttpResponse<byte[]> small = get("/api/v1/namespaces/gzip/configmaps/big-0", "Accept-Encoding", "gzip");
    assertThat(small.headers().firstValue("Content-Encoding")).as("under kube's 128 KiB threshold").isEmpty();

    // kubectl itself asks for gzip and reads the compressed list.
    assertThat(kubectl.run("get", "configmaps", "-n", "gzip", "-o", "name").ok().lines().count()).isEqualTo(5);
  }

  @Test
  void negotiatesJsonTablesAndRefusesWhatItCannotProduce() throws Exception {
    HttpResponse<byte[]> fallback = get("/api/v1/namespaces/default/services",
        "Accept", "application/vnd.kubernetes.protobuf,application/json");
    assertThat(fallback.statusCode()).isEqualTo(200);
    assertThat(fallback.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(fallback.body()).path("kind").asText()).isEqualTo("ServiceList");

    HttpResponse<byte[]> table = get("/api/v1/namespaces/default/services",
        "Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assertThat(table.headers().firstValue("Content-Type")).hasValue("application/json;as=Table;v=v1;g=meta.k8s.io");
    JsonNode parsed = JSON.readTree(table.body());
    assertThat(parsed.path("kind").asText()).isEqualTo("Table");
    assertThat(parsed.path("columnDefinitions").get(0).path("name").asText()).isEqualTo("Name");
    assertThat(parsed.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("kubernetes");

    HttpResponse<byte[]> metadata = get("/api/v1/namespaces/default/services/kubernetes",
        "Accept", "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io");
    assertThat(metadata.headers().firstValue("Content-Type"))
        .hasValue("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io");
    assertThat(JSON.readTree(metadata.body()).path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(JSON.readTree(metadata.body()).has("spec")).isFalse();

    HttpResponse<byte[]> refused = get("/api/v1/namespaces/default/services", "Accept", "application/vnd.kubernetes.protobuf");
    assertThat(refused.statusCode()).isEqualTo(406);
    JsonNode status = JSON.readTree(refused.body());
    assertThat(status.path("reason").asText()).isEqualTo("NotAcceptable");
  }

  @Test
  void unknownFieldsAreReportedInWarningHeadersUnderWarnAndDroppedSilentlyUnderIgnore() throws Exception {
    kubectl.run("create", "namespace", "warnings").ok();
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"NAME\"},"
        + "\"data\":{\"a\":\"b\"},\"spec\":{\"foo\":1},\"bar\":true}";
    HttpResponse<byte[]> warned = post("/api/v1/namespaces/warnings/configmaps?fieldValidation=Warn", body.replace("NAME", "warned"));
    assertThat(warned.statusCode()).isEqualTo(201);
    assertThat(warned.headers().allValues("Warning"))
        .containsExactlyInAnyOrder("299 - \"unknown field \\\"spec\\\"\"", "299 - \"unknown field \\\"bar\\\"\"");
    assertThat(JSON.readTree(warned.body()).has("bar")).as("the unknown field is dropped").isFalse();

    HttpResponse<byte[]> ignored = post("/api/v1/namespaces/warnings/configmaps?fieldValidation=Ignore", body.replace("NAME", "ignored"));
    assertThat(ignored.statusCode()).isEqualTo(201);
    assertThat(ignored.headers().allValues("Warning")).isEmpty();

    HttpResponse<byte[]> strict = post("/api/v1/namespaces/warnings/configmaps?fieldValidation=Strict",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"strict\"},\"bar\":true}");
    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(strict.body()).path("message").asText()).isEqualTo("ConfigMap in version \"v1\" cannot be "
        + "handled as a ConfigMap: strict decoding error: unknown field \"bar\"");
  }

  private HttpResponse<byte[]> post(String path, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Authorization", "Bearer " + server.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aWatchListSendsTheStateThenTheEndBookmark() throws Exception {
    kubectl.run("create", "namespace", "watchlist").ok();
    kubectl.run("create", "configmap", "one", "-n", "watchlist", "--from-literal=a=b").ok();
    kubectl.run("create", "configmap", "two", "-n", "watchlist", "--from-literal=a=b").ok();

    String events = kubectl.run("get", "--raw", "/api/v1/namespaces/watchlist/configmaps?watch=true&sendInitialEvents=true"
        + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=2").ok();
    List<JsonNode> lines = events.lines().map(KubectlProtocolIT::parse).toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.subList(0, 2)).allMatch(e -> e.path("type").asText().equals("ADDED"));
    assertThat(lines.subList(0, 2).stream().map(e -> e.at("/object/metadata/name").asText())).containsExactly("one", "two");
    JsonNode bookmark = lines.get(2);
    assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
    assertThat(bookmark.at("/object/kind").asText()).isEqualTo("ConfigMap");
    assertThat(bookmark.at("/object/metadata/annotations/k8s.io~1initial-events-end").asText()).isEqualTo("true");
    assertThat(Long.parseLong(bookmark.at("/object/metadata/resourceVersion").asText()))
        .isGreaterThanOrEqualTo(Long.parseLong(lines.get(1).at("/object/metadata/resourceVersion").asText()));

    // A plain watch that takes bookmarks gets one two seconds before it times out, as from kube.
    String from = lines.get(2).at("/object/metadata/resourceVersion").asText();
    List<JsonNode> watched = kubectl.run("get", "--raw", "/api/v1/namespaces/watchlist/configmaps?watch=true"
        + "&allowWatchBookmarks=true&resourceVersion=" + from + "&timeoutSeconds=5").ok()
        .lines().map(KubectlProtocolIT::parse).toList();
    assertThat(watched).hasSize(1);
    assertThat(watched.get(0).path("type").asText()).isEqualTo("BOOKMARK");
    assertThat(watched.get(0).at("/object/metadata").has("annotations")).isFalse();
    assertThat(Long.parseLong(watched.get(0).at("/object/metadata/resourceVersion").asText()))
        .isGreaterThanOrEqualTo(Long.parseLong(from));
    assertThat(kubectl.run("get", "--raw", "/api/v1/namespaces/watchlist/configmaps?watch=true&resourceVersion="
        + from + "&timeoutSeconds=3").ok()).as("no bookmarks unless asked for").isEmpty();

    Kubectl.Result noMatch = kubectl.run("get", "--raw",
        "/api/v1/namespaces/watchlist/configmaps?watch=true&sendInitialEvents=true&timeoutSeconds=1");
    assertThat(noMatch.stderr()).isEqualTo("The ListOptions \"\" is invalid: resourceVersionMatch: Forbidden: "
        + "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan\n");
    Kubectl.Result onList = kubectl.run("get", "--raw", "/api/v1/namespaces/watchlist/configmaps?sendInitialEvents=true");
    assertThat(onList.stderr()).isEqualTo("The ListOptions \"\" is invalid: sendInitialEvents: Forbidden: "
        + "sendInitialEvents is forbidden for list\n");
  }

  @Test
  void anExpiredContinueTokenIsGone() throws Exception {
    kubectl.run("create", "namespace", "expiry").ok();
    for (int i = 0; i < 4; i++) {
      kubectl.run("create", "configmap", "c" + i, "-n", "expiry", "--from-literal=a=b").ok();
    }
    JsonNode first = parse(kubectl.run("get", "--raw", "/api/v1/namespaces/expiry/configmaps?limit=2").ok());
    String token = first.at("/metadata/continue").asText();
    assertThat(token).isNotEmpty();
    kubectl.run("create", "configmap", "later", "-n", "expiry", "--from-literal=a=b").ok();
    String current = parse(kubectl.run("get", "--raw", "/api/v1/namespaces/expiry/configmaps").ok())
        .at("/metadata/resourceVersion").asText();
    compactEtcd(current);

    Kubectl.Result expired = kubectl.run("get", "--raw", "/api/v1/namespaces/expiry/configmaps?limit=2&continue=" + token);
    assertThat(expired.exitCode()).isEqualTo(1);
    assertThat(expired.stderr()).isEqualTo("Error from server (Expired): The provided continue parameter is too old to "
        + "display a consistent list result. You can start a new list without the continue parameter, or use the "
        + "continue value from the 410 response.\n");
    // The 410 offers a token that goes on from the same place at the current state, as kube's does.
    HttpResponse<byte[]> gone = get("/api/v1/namespaces/expiry/configmaps?limit=10&continue=" + token);
    assertThat(gone.statusCode()).isEqualTo(410);
    JsonNode status = JSON.readTree(gone.body());
    assertThat(status.path("reason").asText()).isEqualTo("Expired");
    String goOn = status.at("/metadata/continue").asText();
    assertThat(goOn).isNotEmpty();
    JsonNode rest = JSON.readTree(get("/api/v1/namespaces/expiry/configmaps?limit=10&continue=" + goOn).body());
    assertThat(rest.at("/items").findValuesAsText("name")).containsExactly("c2", "c3", "later");
    // A fresh list works.
    assertThat(kubectl.run("get", "configmaps", "-n", "expiry", "--chunk-size=2", "-o", "name").ok().lines().count())
        .isEqualTo(5);
  }

  private void compactEtcd(String revision) throws IOException, InterruptedException {
    Process etcdctl = new ProcessBuilder("etcdctl", "--endpoints=" + etcd.endpoints(), "compact", revision)
        .redirectErrorStream(true).start();
    String output = new String(etcdctl.getInputStream().readAllBytes());
    assertThat(etcdctl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(etcdctl.exitValue()).as("etcdctl compact: " + output).isZero();
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
