package keelson.api.selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks label keys and values against Kubernetes' qualified-name and label-value rules and words the
 * failures as apimachinery's validation package does (the texts clients see in 400 responses).
 */
final class LabelSyntax {
  private static final String NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern NAME = Pattern.compile("^" + NAME_FORMAT + "$");
  private static final String NAME_MESSAGE =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character";
  private static final String VALUE_FORMAT = "(" + NAME_FORMAT + ")?";
  private static final Pattern VALUE = Pattern.compile("^" + VALUE_FORMAT + "$");
  private static final String VALUE_MESSAGE =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.',"
          + " and must start and end with an alphanumeric character";
  private static final String LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN_FORMAT = LABEL_FORMAT + "(\\." + LABEL_FORMAT + ")*";
  private static final Pattern SUBDOMAIN = Pattern.compile("^" + SUBDOMAIN_FORMAT + "$");
  private static final String SUBDOMAIN_MESSAGE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
          + " and must start and end with an alphanumeric character";
  private static final int NAME_MAX = 63;
  private static final int VALUE_MAX = 63;
  private static final int SUBDOMAIN_MAX = 253;

  private LabelSyntax() {}

  /** Returns what is wrong with a label key (an optional DNS-subdomain prefix, a slash, a name); empty if valid. */
  static List<String> keyProblems(String key) {
    List<String> problems = new ArrayList<>();
    String[] parts = key.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        problems.add("prefix part must be non-empty");
      } else {
        if (prefix.length() > SUBDOMAIN_MAX) {
          problems.add("prefix part " + tooLong(SUBDOMAIN_MAX));
        }
        if (!SUBDOMAIN.matcher(prefix).matches()) {
          problems.add("prefix part " + regex(SUBDOMAIN_MESSAGE, SUBDOMAIN_FORMAT, "example.com"));
        }
      }
    } else {
      problems.add("a qualified name " + regex(NAME_MESSAGE, NAME_FORMAT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return problems;
    }
    if (name.isEmpty()) {
      problems.add("name part must be non-empty");
    } else if (name.length() > NAME_MAX) {
      problems.add("name part " + tooLong(NAME_MAX));
    }
    if (!NAME.matcher(name).matches()) {
      problems.add("name part " + regex(NAME_MESSAGE, NAME_FORMAT, "MyName", "my.name", "123-abc"));
    }
    return problems;
  }

  /** Returns what is wrong with a label value; empty if valid. */
  static List<String> valueProblems(String value) {
    List<String> problems = new ArrayList<>();
    if (value.length() > VALUE_MAX) {
      problems.add(tooLong(VALUE_MAX));
    }
    if (!VALUE.matcher(value).matches()) {
      problems.add(regex(VALUE_MESSAGE, VALUE_FORMAT, "MyValue", "my_value", "12345"));
    }
    return problems;
  }

  /** Returns a field error as {@code field.Invalid(path, value, detail).Error()} renders it. */
  static String invalid(String path, String value, List<String> problems) {
    return path + ": Invalid value: " + GoText.quote(value) + ": " + String.join("; ", problems);
  }

  private static String tooLong(int max) {
    return "must be no more than " + max + " characters";
  }

  private static String regex(String message, String format, String... examples) {
    StringBuilder out = new StringBuilder(message).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        out.append(" or ");
      }
      out.append('\'').append(examples[i]).append("', ");
    }
    return out.append("regex used for validation is '").append(format).append("')").toString();
  }
}
