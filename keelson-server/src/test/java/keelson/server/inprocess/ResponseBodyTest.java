package keelson.server.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {
  private final List<String> received = new ArrayList<>();
  private final List<Runnable> scheduled = new ArrayList<>();

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void record(List<ByteBuffer> buffers) {
    buffers.forEach(buffer -> received.add(StandardCharsets.UTF_8.decode(buffer).toString()));
  }

  @Test
  void aWholeResponseIsDeliveredOnlyWhenAskedAndThenIsDone() {
    ResponseBody body = new ResponseBody((buffers, b) -> record(buffers), scheduled::add);
    body.offer(bytes("{}"), true);
    assertThat(received).isEmpty();
    assertThat(scheduled).as("nothing waits for it yet").isEmpty();

    body.consume();

    assertThat(received).containsExactly("{}");
    assertThat(body.done()).isDone();
  }

  @Test
  void aConsumerThatAsksForMoreFromInsideGetsTheChunksInOrderWithoutRecursion() {
    int[] depth = {0, 0};
    AsyncBody.Consumer<List<ByteBuffer>> consumer = (buffers, b) -> {
      depth[0]++;
      depth[1] = Math.max(depth[1], depth[0]);
      record(buffers);
      b.consume();
      depth[0]--;
    };
    ResponseBody body = new ResponseBody(consumer, scheduled::add);
    body.offer(bytes("a"), false);
    body.offer(bytes("b"), false);
    body.offer(bytes("c"), true);

    body.consume();

    assertThat(received).containsExactly("a", "b", "c");
    assertThat(depth[1]).isEqualTo(1);
    assertThat(body.done()).isDone();
  }

  @Test
  void aChunkArrivingWhileTheConsumerWaitsIsDeliveredOnTheExecutorNotTheServersThread() {
    ResponseBody body = new ResponseBody((buffers, b) -> record(buffers), scheduled::add);
    body.consume();
    CompletableFuture<Void> taken = body.offer(bytes("event"), false);

    assertThat(received).isEmpty();
    assertThat(taken).isNotDone();
    assertThat(scheduled).hasSize(1);
    scheduled.get(0).run();

    assertThat(received).containsExactly("event");
    assertThat(taken).isCompleted();
    assertThat(body.done()).isNotDone();
  }

  @Test
  void cancellingFailsWhatTheServerStillWaitsOn() {
    ResponseBody body = new ResponseBody((buffers, b) -> record(buffers), scheduled::add);
    CompletableFuture<Void> pending = body.offer(bytes("x"), false);

    body.cancel();

    assertThat(pending).isCompletedExceptionally();
    assertThat(body.offer(bytes("y"), false)).isCompletedExceptionally();
    assertThat(body.done()).isCancelled();
  }
}
