package keelson.server.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InProcessWebSocketTest {
  private final List<String> heard = new ArrayList<>();
  private final List<Runnable> scheduled = new ArrayList<>();

  /** Runs what was handed to the executor, as its threads would. */
  private void runScheduled() {
    while (!scheduled.isEmpty()) {
      scheduled.remove(0).run();
    }
  }

  private WebSocket.Listener listener(boolean requestsMore) {
    return new WebSocket.Listener() {
      @Override
      public void onOpen(WebSocket webSocket) {
        heard.add("open");
      }

      @Override
      public void onMessage(WebSocket webSocket, String text) {
        heard.add(text);
        if (requestsMore) {
          webSocket.request();
        }
      }

      @Override
      public void onClose(WebSocket webSocket, int code, String reason) {
        heard.add("close " + code + " " + reason);
        webSocket.sendClose(code, reason);
      }
    };
  }

  @Test
  void messagesWaitForDemandAndArriveInOrder() {
    InProcessWebSocket socket = new InProcessWebSocket(listener(false), scheduled::add);
    CompletableFuture<Void> first = socket.text("1");
    CompletableFuture<Void> second = socket.text("2");
    runScheduled();
    assertThat(heard).as("nothing before the socket is open").isEmpty();

    socket.start();
    runScheduled();
    assertThat(heard).containsExactly("open", "1");
    assertThat(first).isCompleted();
    assertThat(second).as("the listener has not asked for more").isNotDone();

    socket.request();
    runScheduled();
    assertThat(heard).containsExactly("open", "1", "2");
    assertThat(second).isCompleted();
  }

  @Test
  void theServersCloseComesAfterItsMessagesAndEndsTheSocket() {
    InProcessWebSocket socket = new InProcessWebSocket(listener(true), scheduled::add);
    socket.start();
    socket.text("a");
    socket.close(1000, null);
    runScheduled();

    assertThat(heard).containsExactly("open", "a", "close 1000 ");
    assertThat(socket.open()).isFalse();
    assertThat(socket.text("late")).isCompletedExceptionally();
  }

  @Test
  void aCloseFromTheClientStopsTheServerAndIsAnswered() {
    InProcessWebSocket socket = new InProcessWebSocket(listener(false), scheduled::add);
    CompletableFuture<Void> unread = socket.text("queued");

    assertThat(socket.sendClose(1000, "bye")).isTrue();
    assertThat(socket.open()).isFalse();
    assertThat(unread).as("the server no longer waits for this client").isCompleted();
    assertThat(socket.sendClose(1000, "again")).isFalse();

    socket.start();
    socket.request();
    runScheduled();
    assertThat(heard).containsExactly("open", "queued", "close 1000 bye");
  }
}
