package keelson.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlowStartTest {

  @Test
  void coldBatchesAreUpstreamsDoublingRamp() {
    assertThat(SlowStart.coldBatches(250)).containsExactly(1, 2, 4, 8, 16, 32, 64, 123);
    assertThat(SlowStart.coldBatches(0)).isEmpty();
    assertThat(SlowStart.coldBatches(1)).containsExactly(1);
  }

  @Test
  void aHealthySyncLetsTheNextOneStartWhereTheRampLeftOff() {
    SlowStart slowStart = new SlowStart(250);
    assertThat(slowStart.batches("ns/ds", "h1", 250)).containsExactly(1, 2, 4, 8, 16, 32, 64, 123);
    slowStart.record("ns/ds", "h1", 123, false);
    assertThat(slowStart.batches("ns/ds", "h1", 250)).containsExactly(246, 4);
    slowStart.record("ns/ds", "h1", 246, false);
    assertThat(slowStart.batches("ns/ds", "h1", 250)).containsExactly(250);
    assertThat(slowStart.batches("ns/ds", "h1", 600)).containsExactly(250, 250, 100);
    assertThat(slowStart.batches("ns/other", "h1", 5)).as("per key").containsExactly(1, 2, 2);
  }

  @Test
  void aFailureANewTemplateOrAForgottenKeyStartsColdAgain() {
    SlowStart slowStart = new SlowStart(500);
    slowStart.record("k", "h1", 64, false);
    assertThat(slowStart.batches("k", "h2", 10)).as("new template").containsExactly(1, 2, 4, 3);
    assertThat(slowStart.batches("k", "h1", 200)).containsExactly(128, 72);
    slowStart.record("k", "h1", 128, true);
    assertThat(slowStart.batches("k", "h1", 4)).as("after a failure").containsExactly(1, 2, 1);
    slowStart.record("k", "h1", 16, false);
    slowStart.forget("k");
    assertThat(slowStart.batches("k", "h1", 3)).containsExactly(1, 2);
  }

  @Test
  void batchesNeverExceedTheMaximum() {
    SlowStart slowStart = new SlowStart(100);
    slowStart.record("k", "h", 400, false);
    assertThat(slowStart.batches("k", "h", 250)).containsExactly(100, 100, 50);
    assertThat(new SlowStart(3).batches("x", "h", 10)).containsExactly(1, 2, 3, 3, 1);
  }
}
