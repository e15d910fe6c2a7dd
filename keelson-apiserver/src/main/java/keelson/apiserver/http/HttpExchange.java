package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;
import keelson.apiserver.rest.Json;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response, with blocking helpers: handlers run on virtual threads, so plain
 * blocking reads and writes are the simple and cheap way. The transport is behind a {@link Wire}:
 * Jetty's sockets, or a client in the same process.
 */
public final class HttpExchange {
  /** Responses at least this large are gzipped when the client accepts it (kube-apiserver's threshold). */
  private static final int GZIP_THRESHOLD = 128 * 1024;

  private final Wire wire;
  private final Fields query;
  private boolean committed;
  private boolean upgraded;
  private UnaryOperator<ObjectNode> inbound;
  private UnaryOperator<JsonNode> outbound;
  /** The warnings already sent with this response; null until the first (most requests have none). */
  private java.util.Set<String> warned;

  HttpExchange(Wire wire) {
    this.wire = wire;
    this.query = wire.query();
    wire.putHeader("Cache-Control", "no-cache, private");
    wire.putHeader("Audit-Id", auditId().toString());
  }

  /**
   * A random (version 4) UUID for the {@code Audit-Id} header, as kube-apiserver sends. It only
   * tells requests apart in logs, so it comes from a per-thread generator: {@code UUID.randomUUID}
   * draws from the shared SecureRandom on every request.
   */
  static UUID auditId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0x3L << 62)) | (0x2L << 62);
    return new UUID(high, low);
  }

  public String method() {
    return wire.method();
  }

  public String path() {
    return wire.path();
  }

  /** Returns a query parameter, or null. */
  public String query(String name) {
    return query.getValue(name);
  }

  /** Returns whether a boolean query parameter is set, read as kube-apiserver reads one. */
  public boolean queryFlag(String name) {
    return flag(query(name));
  }

  /**
   * Reads a boolean query parameter as kube-apiserver's conversion does: absent, {@code 0} and
   * {@code false} (any case) are false, anything else is true, even an empty value. The Python
   * client sends {@code watch=True}.
   */
  static boolean flag(String value) {
    return value != null && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  /** Returns a request header, or null. */
  public String header(String name) {
    return wire.header(name);
  }

  /** Returns the request's media type without parameters, lower-cased, or empty. */
  public String contentType() {
    String type = header("Content-Type");
    if (type == null) {
      return "";
    }
    int semi = type.indexOf(';');
    return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** Reads the whole request body. */
  public byte[] body() {
    try {
      return wire.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a {@code Warning} header the way kube-apiserver sends warnings (code 299). */
  public void warn(String text) {
    if (warned == null) {
      warned = new java.util.HashSet<>(2);
    }
    if (!warned.add(text)) {
      return; // once per request, as kube-apiserver's recorder does, however often a write is tried
    }
    String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"");
    wire.addHeader("Warning", "299 - \"" + escaped + "\"");
  }

  /** Sends a complete JSON response labelled with a JSON media type with parameters (as=Table…). */
  public void sendJson(int status, String contentType, JsonNode body) {
    send(status, contentType, Json.bytes(outbound(body)));
  }

  /**
   * Serves this request through a view of another kind's storage (events.k8s.io/v1 Events over
   * core/v1 ones): request bodies are converted with {@code inbound}, every object sent with
   * {@code outbound}.
   */
  void useView(UnaryOperator<ObjectNode> inbound, UnaryOperator<JsonNode> outbound) {
    this.inbound = inbound;
    this.outbound = outbound;
  }

  /** Returns whether this request is served through a view. */
  boolean hasView() {
    return outbound != null;
  }

  /** Converts a request body to the stored form (identity without a view). */
  ObjectNode inbound(ObjectNode body) {
    return inbound == null ? body : inbound.apply(body);
  }

  /** Converts an object about to be sent to the requested form (identity without a view). */
  JsonNode outbound(JsonNode body) {
    return outbound == null ? body : outbound.apply(body);
  }

  /** Sends a complete JSON response. */
  public void sendJson(int status, JsonNode body) {
    send(status, "application/json", Json.bytes(outbound(body)));
  }

  /** Sends a complete response with the given content type, gzipped when large and accepted. */
  public void send(int status, String contentType, byte[] body) {
    wire.status(status);
    wire.putHeader("Content-Type", contentType);
    byte[] payload = body;
    String acceptEncoding = header("Accept-Encoding");
    if (body.length >= GZIP_THRESHOLD && acceptEncoding != null && acceptEncoding.contains("gzip")) {
      payload = gzip(body);
      wire.putHeader("Content-Encoding", "gzip");
    }
    wire.putHeader("Content-Length", Integer.toString(payload.length));
    write(true, payload);
    committed = true;
  }

  /** Sends a plain-text response. */
  public void sendText(int status, String text) {
    send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts a streamed (chunked) response; follow with {@link #stream(byte[])} calls. */
  public void startStream(String contentType) {
    wire.status(200);
    wire.putHeader("Content-Type", contentType);
    // Send the headers now: clients wait for them before they consider a watch established, and
    // the first event may be a long time coming.
    write(false, new byte[0]);
    committed = true;
  }

  /** Writes and flushes one piece of a streamed response. */
  public void stream(byte[] bytes) {
    write(false, bytes);
  }

  /** Ends a streamed response. */
  public void endStream() {
    write(true, new byte[0]);
  }

  /** Returns whether a response was already started (nothing else may be sent). */
  public boolean committed() {
    return committed;
  }

  /**
   * Answers with a WebSocket upgrade; the connection then belongs to the channel given to {@code
   * onOpen} (after the handler returned), and completing the exchange is the upgrade's business.
   *
   * @param subprotocol the subprotocol to accept, or null
   * @return false when the request is not a valid WebSocket handshake (nothing was sent)
   */
  boolean upgradeToWebSocket(String subprotocol, String contentType, Consumer<MessageChannel> onOpen) {
    if (!wire.upgrade(subprotocol, contentType, onOpen)) {
      return false;
    }
    upgraded = true;
    committed = true;
    return true;
  }

  /** Returns whether the exchange was handed to a WebSocket. */
  boolean upgraded() {
    return upgraded;
  }

  /** Ends the exchange once the handler returned, unless it was handed to a WebSocket. */
  void complete() {
    if (!upgraded) {
      wire.complete();
    }
  }

  private void write(boolean last, byte[] bytes) {
    try {
      wire.write(last, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
