package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Formats elapsed time the way kube-apiserver's AGE cells do (apimachinery's {@code HumanDuration}):
 * two or three significant figures, coarser as the duration grows.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /**
   * Returns the short form of {@code d}: {@code <invalid>} more than a second in the future,
   * {@code 0s} within that second, then {@code 95s}, {@code 3m5s}, {@code 45m}, {@code 5h30m},
   * {@code 20h}, {@code 3d4h}, {@code 30d}, {@code 2y100d}, {@code 9y}.
   */
  public static String format(Duration d) {
    // Whole seconds truncated toward zero, so -1.9s still counts as "now" (clock skew tolerance).
    long seconds = d.getSeconds() < 0 && d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** Returns the age of an RFC 3339 timestamp at {@code now}, or {@code <unknown>} if it is missing. */
  public static String since(JsonNode timestamp, Instant now) {
    Instant then = parse(timestamp);
    return then == null ? "<unknown>" : format(Duration.between(then, now));
  }

  /** Parses an RFC 3339 timestamp (seconds or micro-time precision); null if missing or empty. */
  static Instant parse(JsonNode timestamp) {
    if (timestamp == null || !timestamp.isTextual() || timestamp.asText().isEmpty()) {
      return null;
    }
    String text = timestamp.asText();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notUtc) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }
}
