package keelson.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * apimachinery's identifier rules (util/validation) and their exact messages: RFC 1123 labels and
 * subdomains, RFC 1035 labels, qualified names, label values, port names and numbers. Each check
 * returns the messages to attach to an {@code Invalid value} error, empty when the value is fine.
 */
public final class Identifiers {
  private Identifiers() {}

  static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  static final String DNS1123_SUBDOMAIN_FMT =
      DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";

  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
  private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*");

  private static final String DNS1123_LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character";
  private static final String DNS1123_SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character";
  private static final String DNS1035_LABEL_MSG =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
          + " alphabetic character, and end with an alphanumeric character";
  private static final String QUALIFIED_NAME_MSG =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character";
  private static final String LABEL_VALUE_MSG =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character";

  /** Returns {@code must be no more than N characters}. */
  public static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  /** Returns {@code must be between lo and hi, inclusive}. */
  public static String inclusiveRangeError(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  /**
   * Builds apimachinery's regex message. Each example is followed by {@code ', '} and joined with
   * {@code " or "}, hence the famous double space in {@code 'my-name',  or '123-abc'}.
   */
  static String regexError(String msg, String fmt, String... examples) {
    if (examples.length == 0) {
      return msg + " (regex used for validation is '" + fmt + "')";
    }
    StringBuilder out = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        out.append(" or ");
      }
      out.append('\'').append(examples[i]).append("', ");
    }
    return out.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  /** Checks an RFC 1123 label (at most 63 characters). */
  public static List<String> dns1123Label(String value) {
    if (value.length() <= 63 && isDns1123Label(value, 0, value.length())) {
      return List.of();
    }
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add(maxLenError(63));
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      errs.add(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  /** Checks an RFC 1123 subdomain (at most 253 characters). */
  public static List<String> dns1123Subdomain(String value) {
    if (value.length() <= 253 && isDns1123Subdomain(value)) {
      return List.of(); // names are checked on every write: the common case without a regex
    }
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) {
      errs.add(maxLenError(253));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** Checks an RFC 1035 label (at most 63 characters, starts with a letter). */
  public static List<String> dns1035Label(String value) {
    if (value.length() <= 63 && !value.isEmpty() && isLowerLetter(value.charAt(0))
        && isDns1123Label(value, 0, value.length())) {
      return List.of();
    }
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add(maxLenError(63));
    }
    if (!DNS1035_LABEL.matcher(value).matches()) {
      errs.add(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  /** Checks a qualified name: an optional DNS subdomain prefix and '/', then a name part. */
  public static List<String> qualifiedName(String value) {
    if (plainName(value)) {
      return List.of(); // the common case, without splitting or a regular expression
    }
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        for (String msg : dns1123Subdomain(prefix)) {
          errs.add("prefix part " + msg);
        }
      }
    } else {
      errs.add("a qualified name "
          + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > 63) {
      errs.add("name part " + maxLenError(63));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part "
          + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  /**
   * Returns whether {@code value} is a valid qualified name without prefix, checked character by
   * character: 1 to 63 ASCII letters, digits, '-', '_' or '.', starting and ending with a letter or
   * digit. Labels and condition types are checked on every write; this spares them the regular
   * expression, which then only runs to word the errors of a value that fails here.
   */
  static boolean plainName(String value) {
    int n = value.length();
    if (n == 0 || n > 63 || !asciiAlphanumeric(value.charAt(0)) || !asciiAlphanumeric(value.charAt(n - 1))) {
      return false;
    }
    for (int i = 1; i < n - 1; i++) {
      char c = value.charAt(i);
      if (!asciiAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code value} matches the RFC 1123 subdomain expression: dot-separated labels, each
   * checked by {@link #isDns1123Label}. The regular expression then only words the errors.
   */
  static boolean isDns1123Subdomain(String value) {
    int start = 0;
    while (true) {
      int dot = value.indexOf('.', start);
      int end = dot < 0 ? value.length() : dot;
      if (!isDns1123Label(value, start, end)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  /**
   * Whether {@code value[from, to)} matches the RFC 1123 label expression (any length): lower-case
   * letters, digits and '-', starting and ending with a letter or digit.
   */
  static boolean isDns1123Label(String value, int from, int to) {
    if (from >= to || !isLowerAlphanumeric(value.charAt(from)) || !isLowerAlphanumeric(value.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = value.charAt(i);
      if (!isLowerAlphanumeric(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlphanumeric(char c) {
    return isLowerLetter(c) || (c >= '0' && c <= '9');
  }

  private static boolean isLowerLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean asciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Checks a label value: empty, or at most 63 qualified-name characters. */
  public static List<String> labelValue(String value) {
    if (value.isEmpty() || plainName(value)) {
      return List.of();
    }
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) {
      errs.add(maxLenError(63));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** Checks a port name (IANA_SVC_NAME): at most 15 characters, a letter, no double hyphen. */
  public static List<String> portName(String port) {
    List<String> errs = new ArrayList<>();
    if (port.length() > 15) {
      errs.add(maxLenError(15));
    }
    if (!PORT_NAME_CHARSET.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    } else if (!ONE_LETTER.matcher(port).matches()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.startsWith("-") || port.endsWith("-"))) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /** Checks a port number: 1 to 65535. */
  public static List<String> portNumber(long port) {
    return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
  }

  /** The name rules objects of each kind follow. */
  public enum NameRule {
    DNS1123_LABEL,
    DNS1123_SUBDOMAIN,
    DNS1035_LABEL;

    /**
     * Checks an object name; with {@code prefix} (a generateName) a trailing dash is allowed, as
     * the generated suffix follows it.
     */
    public List<String> check(String name, boolean prefix) {
      if (prefix && name.length() > 1 && name.endsWith("-")) {
        name = name.substring(0, name.length() - 1) + "a";
      }
      return switch (this) {
        case DNS1123_LABEL -> dns1123Label(name);
        case DNS1123_SUBDOMAIN -> dns1123Subdomain(name);
        case DNS1035_LABEL -> dns1035Label(name);
      };
    }
  }
}
