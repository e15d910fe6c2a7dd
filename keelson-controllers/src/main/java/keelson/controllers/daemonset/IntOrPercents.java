package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Int-or-percent values scaled against a total, as intstr.GetScaledValueFromIntOrPercent. */
public final class IntOrPercents {
  private IntOrPercents() {}

  /**
   * Returns the value itself if it is an integer, or {@code percent * total / 100} rounded up or
   * down if it is a percentage; null resolves to {@code fallback}.
   *
   * @throws IllegalArgumentException if the value is a string that is not a percentage
   */
  public static int scaled(IntOrString value, int total, boolean roundUp, int fallback) {
    if (value == null || (value.getIntVal() == null && value.getStrVal() == null)) {
      return fallback;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String text = value.getStrVal();
    if (!text.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
    }
    int percent;
    try {
      percent = Integer.parseInt(text.substring(0, text.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid value \"" + text + "\": " + e.getMessage());
    }
    long product = (long) percent * total;
    return (int) (roundUp ? Math.ceilDiv(product, 100) : Math.floorDiv(product, 100));
  }
}
