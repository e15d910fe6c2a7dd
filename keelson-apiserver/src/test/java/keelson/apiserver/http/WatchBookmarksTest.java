package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchBookmarksTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void aBookmarkComesTwoSecondsBeforeTheTimeoutOrEveryThirtySeconds() {
    assertThat(WatchHandler.nextBookmark(0, 10 * SECOND)).isEqualTo(8 * SECOND);
    assertThat(WatchHandler.nextBookmark(0, 3600 * SECOND)).isEqualTo(30 * SECOND);
    assertThat(WatchHandler.nextBookmark(3590 * SECOND, 3600 * SECOND)).isEqualTo(3598 * SECOND);
  }

  @Test
  void noneIsDueOnceThePreTimeoutMomentHasPassed() {
    assertThat(WatchHandler.nextBookmark(9 * SECOND, 10 * SECOND)).isEqualTo(Long.MAX_VALUE);
    assertThat(WatchHandler.nextBookmark(0, SECOND)).isEqualTo(Long.MAX_VALUE);
  }
}
