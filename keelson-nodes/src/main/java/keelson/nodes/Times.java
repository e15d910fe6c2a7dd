package keelson.nodes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import keelson.api.time.Rfc3339;

/** Timestamps as the API writes them: RFC 3339, whole seconds (MicroTime for Leases). */
public final class Times {
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  /** Formats an instant as {@code metav1.Time}: whole seconds, UTC. */
  public static String format(Instant instant) {
    return Rfc3339.seconds(instant);
  }

  /** Formats an instant as {@code metav1.MicroTime}: microseconds, UTC. */
  public static String formatMicros(Instant instant) {
    return MICRO_TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  /** Parses an API timestamp, or returns null for null or garbage. */
  public static Instant parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (RuntimeException again) {
        return null;
      }
    }
  }
}
