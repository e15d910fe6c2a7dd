package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncPacerTest {
  private long now = 1_000_000;
  private final List<String> added = new ArrayList<>();
  private final List<String> delayed = new ArrayList<>();
  private final SyncPacer pacer = new SyncPacer(() -> now, added::add,
      (key, delay) -> delayed.add(key + " after " + delay.toNanos()));

  @Test
  void pausesGrowWithWhatTheSyncWalkedUpToACap() {
    assertThat(SyncPacer.pauseAfterWalking(0)).isZero();
    assertThat(SyncPacer.pauseAfterWalking(10)).isEqualTo(Duration.ofNanos(200_000));
    assertThat(SyncPacer.pauseAfterWalking(1000)).isEqualTo(Duration.ofMillis(20));
    assertThat(SyncPacer.pauseAfterWalking(10_000)).isEqualTo(Duration.ofMillis(200));
    assertThat(SyncPacer.pauseAfterWalking(100_000)).isEqualTo(SyncPacer.MAX_PAUSE);
  }

  @Test
  void aSyncRunsBetweenStartAndFinishAndPausesByWhatItWalked() throws Exception {
    pacer.sync("ns/ds", walked -> {
      pacer.enqueue("ns/ds"); // an event during the sync
      walked.accept(500);
    });
    assertThat(added).isEmpty();
    assertThat(delayed).containsExactly("ns/ds after 10000000");
  }

  @Test
  void aKeyWithoutARecentSyncIsQueuedAtOnce() {
    pacer.enqueue("ns/web");
    pacer.enqueue("ns/web");

    assertThat(added).containsExactly("ns/web", "ns/web"); // the queue itself dedupes waiting keys
    assertThat(delayed).isEmpty();
  }

  @Test
  void eventsInThePauseAfterASyncBecomeOneDelayedSync() {
    pacer.started("ns/web");
    pacer.finished("ns/web", Duration.ofNanos(10_000));
    now += 4_000;
    pacer.enqueue("ns/web");
    now += 1_000;
    pacer.enqueue("ns/web");
    pacer.enqueue("ns/web");

    assertThat(added).isEmpty();
    assertThat(delayed).containsExactly("ns/web after 6000");
  }

  @Test
  void anEventAfterThePauseIsQueuedAtOnceAndForgetsTheKey() {
    pacer.started("ns/web");
    pacer.finished("ns/web", Duration.ofNanos(10_000));
    now += 10_000;
    pacer.enqueue("ns/web");

    assertThat(added).containsExactly("ns/web");
    assertThat(delayed).isEmpty();
    assertThat(pacer.tracked()).isZero();
  }

  @Test
  void eventsDuringASyncAreQueuedOnceAtTheEndOfItsPause() {
    pacer.started("ns/web");
    pacer.enqueue("ns/web");
    pacer.enqueue("ns/web");
    assertThat(added).isEmpty();

    pacer.finished("ns/web", Duration.ofNanos(20_000));

    assertThat(delayed).containsExactly("ns/web after 20000");
    pacer.enqueue("ns/web"); // already on its way
    assertThat(delayed).hasSize(1);
    assertThat(added).isEmpty();
  }

  @Test
  void theNextSyncStartingClearsTheScheduleSoLaterEventsCountAgain() {
    pacer.started("ns/web");
    pacer.finished("ns/web", Duration.ofNanos(10_000));
    pacer.enqueue("ns/web");
    now += 10_000;
    pacer.started("ns/web"); // the delayed add reached a worker
    pacer.enqueue("ns/web");
    pacer.finished("ns/web", Duration.ofNanos(10_000));

    assertThat(delayed).containsExactly("ns/web after 10000", "ns/web after 10000");
  }

  @Test
  void aZeroPauseLeavesTheKeyUnpaced() {
    pacer.started("ns/big");
    pacer.enqueue("ns/big");
    pacer.finished("ns/big", Duration.ofNanos(50_000_000));
    pacer.started("ns/gone");
    pacer.enqueue("ns/gone");
    pacer.finished("ns/gone", Duration.ofNanos(0));

    assertThat(delayed).containsExactly("ns/big after 50000000");
    assertThat(added).containsExactly("ns/gone");
    assertThat(pacer.tracked()).isEqualTo(1);
  }

  @Test
  void keysArePacedIndependently() {
    pacer.started("ns/a");
    pacer.finished("ns/a", Duration.ofNanos(10_000));
    pacer.enqueue("ns/b");
    pacer.enqueue("ns/a");

    assertThat(added).containsExactly("ns/b");
    assertThat(delayed).containsExactly("ns/a after 10000");
  }
}
