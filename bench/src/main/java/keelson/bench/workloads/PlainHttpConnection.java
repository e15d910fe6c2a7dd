package keelson.bench.workloads;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection, for the pods scenario's creating threads: a request
 * is written in one piece and its response read on the same thread. The load generator shares the
 * machine's two cores with the server it measures; java.net.http's asynchronous pipeline (futures
 * handed between a selector thread and a pool for every request) cost the client about as much
 * CPU as the server spent on a pod create. Responses may come with a Content-Length or chunked; a
 * closed connection is opened again for the next request.
 */
final class PlainHttpConnection implements AutoCloseable {
  /** A response's status and body. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  PlainHttpConnection(URI base) {
    this.host = base.getHost();
    this.port = base.getPort();
  }

  /** POSTs a JSON body to {@code path} and returns the response. */
  Response post(String path, byte[] json) throws IOException {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nUser-Agent: keelson-bench\r\nContent-Type: application/json\r\nAccept: application/json"
        + "\r\nContent-Length: " + json.length
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[head.length + json.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(json, 0, request, head.length, json.length);
    if (socket == null) {
      open();
    }
    try {
      out.write(request);
      out.flush();
      return read();
    } catch (NothingReceived e) {
      // The server had closed this idle keep-alive connection: no byte of an answer came, so the
      // request was not taken, and it is sent once more on a new connection.
      close();
      open();
      out.write(request);
      out.flush();
      return read();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
  }

  private Response read() throws IOException {
    String statusLine = line(true);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String header = line(false); !header.isEmpty(); header = line(false)) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream collected = new ByteArrayOutputStream();
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        collected.write(in.readNBytes(size));
        line(false); // the chunk's CRLF
      }
      while (!line(false).isEmpty()) {
        // trailers, unused
      }
      body = collected.toByteArray();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new IOException("connection closed inside a response body");
      }
    } else {
      body = in.readAllBytes(); // delimited by the connection's end
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Response(status, body);
  }

  private int chunkSize() throws IOException {
    String size = line(false);
    int extension = size.indexOf(';');
    return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
  }

  /** Reads one CRLF-terminated line (ISO-8859-1, as HTTP's head is). */
  private String line(boolean first) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (first && line.isEmpty()) {
          throw new NothingReceived();
        }
        throw new IOException("connection closed inside a response");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }

  /** The connection ended before any byte of a response. */
  private static final class NothingReceived extends IOException {
    NothingReceived() {
      super("connection closed before the response");
    }
  }
}
