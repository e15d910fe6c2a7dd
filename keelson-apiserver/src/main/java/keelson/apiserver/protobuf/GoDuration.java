package keelson.apiserver.protobuf;

/** Formats nanoseconds the way Go's {@code time.Duration.String} does: {@code 1h2m3.5s}, 
 * {@code 150ms}. */
final class GoDuration {
  private static final long MICROSECOND = 1_000L;
  private static final long MILLISECOND = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private GoDuration() {}

  /** Returns Go's string for a duration of that many nanoseconds. */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    // Long.MIN_VALUE has no positive counterpart; Go prints it through unsigned arithmetic too.
    long u = nanos == Long.MIN_VALUE ? Long.MIN_VALUE : Math.abs(nanos);
    if (u > 0 && u < SECOND) {
      if (u < MICROSECOND) {
        return sign + u + "ns";
      }
      if (u < MILLISECOND) {
        return sign + fraction(u, 3) + "\u00b5s";
      }
      return sign + fraction(u, 6) + "ms";
    }
    long seconds = Long.divideUnsigned(u, SECOND);
    String fractional = fractionDigits(Long.remainderUnsigned(u, SECOND), 9);
    StringBuilder out = new StringBuilder(sign);
    if (Long.compareUnsigned(seconds, 3600) >= 0) {
      out.append(Long.toUnsignedString(Long.divideUnsigned(seconds, 3600))).append('h');
    }
    if (Long.compareUnsigned(seconds, 60) >= 0) {
      out.append(Long.remainderUnsigned(seconds, 3600) / 60).append('m');
    }
    return out.append(Long.remainderUnsigned(seconds, 60)).append(fractional).append('s')
        .toString();
  }

  /** Returns value / 10^digits with its fraction, trailing zeros dropped. */
  private static String fraction(long value, int digits) {
    long scale = (long) Math.pow(10, digits);
    return (value / scale) + fractionDigits(value % scale, digits);
  }

  /** Returns ".ddd" for the fractional part (digits wide, trailing zeros dropped), or "". */
  private static String fractionDigits(long remainder, int digits) {
    if (remainder == 0) {
      return "";
    }
    String padded = String.format("%0" + digits + "d", remainder);
    return "." + padded.replaceAll("0+$", "");
  }
}
