package keelson.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlainHttpConnectionTest {
  private HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
      byte[] answer = ("{\"got\":" + body + "}").getBytes(StandardCharsets.UTF_8);
      boolean chunked = exchange.getRequestURI().getPath().contains("chunked");
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().contains("taken") ? 409 : 201,
          chunked ? 0 : answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer, 0, 3);
        out.flush();
        out.write(answer, 3, answer.length - 3);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void requestsFollowEachOtherOnOneConnectionWhateverTheResponseFraming() throws Exception {
    try (PlainHttpConnection connection = new PlainHttpConnection(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
      PlainHttpConnection.Response first = connection.post("/a/fixed", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
      PlainHttpConnection.Response second = connection.post("/b/chunked", "{\"n\":2}".getBytes(StandardCharsets.UTF_8));
      PlainHttpConnection.Response third = connection.post("/c/taken", "{\"n\":3}".getBytes(StandardCharsets.UTF_8));

      assertThat(first.status()).isEqualTo(201);
      assertThat(first.text()).isEqualTo("{\"got\":{\"n\":1}}");
      assertThat(second.status()).isEqualTo(201);
      assertThat(second.text()).isEqualTo("{\"got\":{\"n\":2}}");
      assertThat(third.status()).isEqualTo(409);
      assertThat(received).containsExactly("POST /a/fixed application/json {\"n\":1}",
          "POST /b/chunked application/json {\"n\":2}", "POST /c/taken application/json {\"n\":3}");
    }
  }

  @Test
  void aConnectionTheServerClosedIsOpenedAgain() throws Exception {
    try (PlainHttpConnection connection = new PlainHttpConnection(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
      assertThat(connection.post("/a/fixed", "1".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
      int port = server.getAddress().getPort();
      server.stop(0); // closes the kept-alive connection
      start(port);
      assertThat(connection.post("/b/fixed", "2".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("{\"got\":2}");
    }
  }

  private void start(int port) throws Exception {
    HttpServer old = server;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      byte[] answer = ("{\"got\":" + new String(body, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(201, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }
}
