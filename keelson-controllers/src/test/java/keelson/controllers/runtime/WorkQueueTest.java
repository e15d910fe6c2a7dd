package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  @Test
  void aKeyWaitingInTheQueueIsThereOnce() throws Exception {
    try (WorkQueue queue = new WorkQueue("test")) {
      queue.add("default/web");
      queue.add("default/web");
      queue.add("default/db");

      assertThat(queue.length()).isEqualTo(2);
      assertThat(queue.take()).isEqualTo("default/web");
      assertThat(queue.take()).isEqualTo("default/db");
    }
  }

  @Test
  void aKeyAddedWhileProcessingComesBackOnlyAfterDone() throws Exception {
    try (WorkQueue queue = new WorkQueue("test")) {
      queue.add("default/web");
      String key = queue.take();
      queue.add("default/web");

      assertThat(queue.length()).as("not handed to a second worker while processing").isZero();
      queue.done(key);
      assertThat(queue.length()).isEqualTo(1);
      assertThat(queue.take()).isEqualTo("default/web");
    }
  }

  @Test
  void backOffDoublesPerFailureUntilForgotten() throws Exception {
    try (WorkQueue queue = new WorkQueue("test", Duration.ofMillis(20), Duration.ofSeconds(10))) {
      long start = System.nanoTime();
      queue.addRateLimited("k");
      assertThat(queue.take()).isEqualTo("k");
      queue.done("k");
      queue.addRateLimited("k");
      assertThat(queue.take()).isEqualTo("k");
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(queue.failures("k")).isEqualTo(2);
      assertThat(elapsedMillis).as("20 ms then 40 ms").isGreaterThanOrEqualTo(60);
      queue.forget("k");
      assertThat(queue.failures("k")).isZero();
    }
  }

  @Test
  void takeReturnsNullOnceShutDown() throws Exception {
    WorkQueue queue = new WorkQueue("test");
    queue.close();
    assertThat(queue.take()).isNull();
  }
}
