package keelson.dns.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 7766): one virtual thread per connection reading length-prefixed queries;
 * answers are never truncated. Idle connections close after {@link #IDLE_MILLIS}.
 */
public final class TcpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
  static final int IDLE_MILLIS = 10_000;

  private final ServerSocket server;
  private final DnsResponder responder;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private TcpListener(ServerSocket server, DnsResponder responder) {
    this.server = server;
    this.responder = responder;
    this.acceptor = Thread.ofVirtual().name("dns-tcp-accept").unstarted(this::accept);
  }

  /** Binds {@code address} and starts accepting. */
  public static TcpListener start(InetSocketAddress address, DnsResponder responder) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(address, 128);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    TcpListener listener = new TcpListener(server, responder);
    listener.acceptor.start();
    return listener;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        Thread.ofVirtual().name("dns-tcp").start(() -> serve(socket));
      } catch (IOException e) {
        if (!closed) {
          log.atWarn().addKeyValue("error", e.toString()).log("DNS TCP accept failed");
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(IDLE_MILLIS);
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return;
        }
        byte[] query = in.readNBytes(length);
        if (query.length < length) {
          return;
        }
        responder.handle(query, length, false, response -> write(socket, out, response));
      }
    } catch (SocketException e) {
      // closed by the client or by close()
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.atDebug().addKeyValue("error", e.toString()).log("DNS TCP connection failed");
      }
    } finally {
      connections.remove(socket);
    }
  }

  private static void write(Socket socket, OutputStream out, byte[] response) {
    byte[] framed = new byte[response.length + 2];
    framed[0] = (byte) (response.length >>> 8);
    framed[1] = (byte) response.length;
    System.arraycopy(response, 0, framed, 2, response.length);
    synchronized (socket) {
      try {
        out.write(framed);
        out.flush();
      } catch (IOException e) {
        // the client went away; its reader ends the connection
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : connections) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
