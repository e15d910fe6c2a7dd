package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A response body as fabric8 consumes it: the server offers chunks, the consumer gets one per
 * {@link #consume()}. Delivery runs on the thread that asks for it, or, when a chunk arrives from
 * the server while the consumer waits, on the client's executor: never on the server's thread.
 */
final class ResponseBody implements AsyncBody {
  private record Chunk(ByteBuffer bytes, CompletableFuture<Void> taken) {}

  private final AsyncBody.Consumer<List<ByteBuffer>> consumer;
  private final Executor executor;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private long demand;
  private boolean ended;
  private boolean delivering;

  ResponseBody(AsyncBody.Consumer<List<ByteBuffer>> consumer, Executor executor) {
    this.consumer = consumer;
    this.executor = executor;
  }

  /**
   * Offers the next chunk (empty ones are not delivered) and, when {@code last}, ends the body.
   *
   * @return completes once the consumer took the chunk, or fails when the body was cancelled
   */
  CompletableFuture<Void> offer(byte[] bytes, boolean last) {
    CompletableFuture<Void> taken = new CompletableFuture<>();
    boolean schedule;
    synchronized (this) {
      if (done.isDone() || ended) {
        taken.completeExceptionally(new IOException("the client stopped reading the response"));
        return taken;
      }
      if (bytes.length > 0) {
        chunks.add(new Chunk(ByteBuffer.wrap(bytes), taken));
      } else {
        taken.complete(null);
      }
      ended = last;
      schedule = !delivering && deliverable();
      delivering |= schedule;
    }
    if (schedule) {
      executor.execute(this::deliver);
    }
    return taken;
  }

  @Override
  public void consume() {
    boolean run;
    synchronized (this) {
      demand++;
      run = !delivering && deliverable();
      delivering |= run;
    }
    if (run) {
      // Calls to consume() from inside the consumer only add demand: this loop serves them.
      deliver();
    }
  }

  private boolean deliverable() {
    return !done.isDone() && (demand > 0 && !chunks.isEmpty() || ended && chunks.isEmpty());
  }

  private void deliver() {
    while (true) {
      Chunk chunk;
      synchronized (this) {
        if (!deliverable()) {
          delivering = false;
          return;
        }
        chunk = chunks.poll();
        if (chunk != null) {
          demand--;
        }
      }
      if (chunk == null) {
        done.complete(null);
        continue;
      }
      try {
        consumer.consume(List.of(chunk.bytes()), this);
        chunk.taken().complete(null);
      } catch (Exception e) {
        chunk.taken().completeExceptionally(e);
        fail(e);
      }
    }
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void cancel() {
    fail(null);
  }

  private void fail(Exception cause) {
    List<Chunk> dropped;
    synchronized (this) {
      dropped = List.copyOf(chunks);
      chunks.clear();
    }
    if (cause == null) {
      done.cancel(false);
    } else {
      done.completeExceptionally(cause);
    }
    IOException gone = new IOException("the client stopped reading the response");
    dropped.forEach(chunk -> chunk.taken().completeExceptionally(gone));
  }
}
