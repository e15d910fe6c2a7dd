package keelson.api.time;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Kubernetes' second-precision timestamps ({@code metav1.Time}: {@code 2026-11-27T23:00:09Z}).
 * Every write stamps a few (managed fields, creation, conditions, events), and thousands of writes
 * a second fall in the same second, so the text of the last second formatted is kept.
 */
public final class Rfc3339 {
  private record Formatted(long epochSecond, String text) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  private Rfc3339() {}

  /** Formats {@code instant} to the second (the fraction is dropped), in UTC. */
  public static String seconds(Instant instant) {
    long second = instant.getEpochSecond();
    Formatted cached = last;
    if (cached.epochSecond() == second) {
      return cached.text();
    }
    String text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second));
    last = new Formatted(second, text);
    return text;
  }
}
