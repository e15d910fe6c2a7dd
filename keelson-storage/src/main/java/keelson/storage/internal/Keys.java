package keelson.storage.internal;

import java.util.Comparator;

/** Key ordering and prefix bounds, in the byte order of the keys' UTF-8 encoding (as etcd). */
public final class Keys {

  /**
   * Orders strings by code point, which is the byte order of their UTF-8 encoding. {@link
   * String#compareTo} compares UTF-16 units instead and disagrees for characters beyond U+FFFF.
   */
  public static final Comparator<String> UTF8_ORDER = Keys::compareUtf8;

  private Keys() {}

  /** Compares two strings in UTF-8 byte order. */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Surrogates encode code points above every BMP character, so they sort last.
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /**
   * Returns the smallest key greater than every key starting with {@code prefix}, or null when no
   * such bound exists (the empty prefix matches everything).
   */
  public static String prefixEnd(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    for (int i = cps.length - 1; i >= 0; i--) {
      if (cps[i] < Character.MAX_CODE_POINT) {
        int next = cps[i] + 1;
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
          next = Character.MAX_SURROGATE + 1;
        }
        return new String(cps, 0, i) + Character.toString(next);
      }
    }
    return null;
  }
}
