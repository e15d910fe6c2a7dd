package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import keelson.apiserver.http.InProcessSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch's WebSocket without a socket: the server's messages queue here and reach the fabric8
 * listener in order, one per {@link #request()} as over a real WebSocket, on the client's executor
 * (one delivery task at a time, so never concurrently and never on the server's watch thread).
 * Either side may close; a close from the client is answered as a server answers a close frame.
 */
final class InProcessWebSocket implements WebSocket, InProcessSocket {
  private static final Logger log = LoggerFactory.getLogger(InProcessWebSocket.class);

  private sealed interface Frame permits Text, Close {}

  private record Text(String text, CompletableFuture<Void> taken) implements Frame {}

  private record Close(int code, String reason) implements Frame {}

  private final Listener listener;
  private final Executor executor;
  private final ArrayDeque<Frame> inbox = new ArrayDeque<>();
  private long demand;
  private boolean delivering;
  private boolean closeQueued;
  private volatile boolean clientClosed;

  InProcessWebSocket(Listener listener, Executor executor) {
    this.listener = listener;
    this.executor = executor;
  }

  /** Opens the socket for the listener: it hears onOpen, then may receive one message, as fabric8's JDK client grants. */
  void start() {
    listener.onOpen(this);
    request();
  }

  // The server's side.

  @Override
  public CompletableFuture<Void> text(String message) {
    CompletableFuture<Void> taken = new CompletableFuture<>();
    synchronized (this) {
      if (closeQueued) {
        taken.completeExceptionally(new IOException("the WebSocket is closed"));
        return taken;
      }
      inbox.add(new Text(message, taken));
    }
    schedule();
    return taken;
  }

  @Override
  public void close(int code, String reason) {
    synchronized (this) {
      if (closeQueued) {
        return;
      }
      closeQueued = true;
      inbox.add(new Close(code, reason == null ? "" : reason));
    }
    schedule();
  }

  @Override
  public boolean open() {
    return !clientClosed;
  }

  // The client's side.

  @Override
  public boolean send(ByteBuffer buffer) {
    // A watch's client sends nothing the server reads; the server's endpoint drops it as Jetty's does.
    return !clientClosed;
  }

  @Override
  public boolean sendClose(int code, String reason) {
    synchronized (this) {
      if (clientClosed) {
        return false;
      }
      clientClosed = true;
      // The server stops at once and answers with the same close after what it already sent; its
      // writes no longer wait for this client to read.
      for (Frame frame : inbox) {
        if (frame instanceof Text text) {
          text.taken().complete(null);
        }
      }
      if (!closeQueued) {
        closeQueued = true;
        inbox.add(new Close(code, reason == null ? "" : reason));
      }
    }
    schedule();
    return true;
  }

  @Override
  public long queueSize() {
    return 0;
  }

  @Override
  public void request() {
    synchronized (this) {
      demand++;
    }
    schedule();
  }

  private void schedule() {
    synchronized (this) {
      if (delivering || demand == 0 || inbox.isEmpty()) {
        return;
      }
      delivering = true;
    }
    executor.execute(this::deliver);
  }

  private void deliver() {
    while (true) {
      Frame frame;
      synchronized (this) {
        if (demand == 0 || inbox.isEmpty()) {
          delivering = false;
          return;
        }
        demand--;
        frame = inbox.poll();
        if (frame instanceof Close) {
          // Nothing follows a close: later requests find the inbox empty.
          demand = 0;
        }
      }
      try {
        switch (frame) {
          case Text text -> {
            listener.onMessage(this, text.text());
            text.taken().complete(null);
          }
          case Close close -> {
            clientClosed = true;
            listener.onClose(this, close.code(), close.reason());
          }
        }
      } catch (RuntimeException e) {
        // Over a socket the listener's failure would not reach the server either.
        log.atWarn().addKeyValue("error", e.toString()).log("an in-process WebSocket listener failed");
        if (frame instanceof Text text) {
          text.taken().complete(null);
        }
      }
    }
  }
}
