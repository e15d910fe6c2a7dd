package keelson.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one client both targets get: java.net.http over HTTP/1.1, JSON bodies written as strings,
 * no credentials. Every call checks the status code and throws with the body when it is not the
 * expected one.
 */
final class ApiClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String base;

  ApiClient(String baseUrl) {
    this.base = baseUrl;
    // HTTP/1.1 explicitly: the default (HTTP/2) would send an h2c upgrade header on every request.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  HttpClient http() {
    return http;
  }

  void createNamespace(String name) throws IOException, InterruptedException {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    send(post("/api/v1/namespaces", body), 201);
  }

  /** Creates a ConfigMap with a small, fixed three-entry data map (about 200 bytes of JSON). */
  void createConfigMap(String namespace, String name) throws IOException, InterruptedException {
    send(post("/api/v1/namespaces/" + namespace + "/configmaps", configMap(name)), 201);
  }

  static String configMap(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"labels\":{\"app\":\"apibench\"}},\"data\":{\"mode\":\"bench\",\"size\":\"small\","
        + "\"payload\":\"0123456789abcdef0123456789abcdef\"}}";
  }

  void getConfigMap(String namespace, String name) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(uri("/api/v1/namespaces/" + namespace + "/configmaps/" + name)).GET(), 200);
  }

  /** GET /version: the cheapest request both servers answer, the floor of client plus HTTP. */
  void getVersion() throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(uri("/version")).GET(), 200);
  }

  /** Returns the raw body of a LIST of the namespace's ConfigMaps. */
  byte[] listConfigMaps(String namespace) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri("/api/v1/namespaces/" + namespace + "/configmaps")).GET(), 200);
  }

  /** Returns the number of items in a LIST body. */
  static int itemCount(byte[] listBody) throws IOException {
    return JSON.readTree(listBody).path("items").size();
  }

  /** Returns the list's resourceVersion, the point a watch starts after. */
  String listResourceVersion(String namespace) throws IOException, InterruptedException {
    JsonNode list = JSON.readTree(listConfigMaps(namespace));
    return list.path("metadata").path("resourceVersion").asText("");
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  private HttpRequest.Builder post(String path, String json) {
    return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private byte[] send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != expected) {
      throw new IOException(response.request().method() + " " + response.uri() + ": expected " + expected
          + ", got " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
