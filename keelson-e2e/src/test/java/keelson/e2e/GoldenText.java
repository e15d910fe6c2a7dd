package keelson.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prepares kubectl output for a line-by-line comparison with a golden file: what differs from run to
 * run is replaced by a placeholder, and runs of padding collapse to two spaces (kubectl pads columns
 * to the widest cell, so a masked cell changes the padding, not the content).
 *
 * <p>Placeholders: {@code <time>} (RFC 1123 and RFC 3339 timestamps), {@code <age>} (a duration
 * standing alone in a table cell), {@code <uid>}, {@code <ip>}, {@code <node>} (simulated node
 * names), {@code <suffix>} (the 5-character random suffixes of generated names),
 * {@code <hash>} (pod-template hashes), {@code containerd://<id>}, {@code sha256:<digest>} and
 * {@code <dir>} (the data directory in a volume's path).
 */
final class GoldenText {
  private static final List<Mask> MASKS = List.of(
      new Mask("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}", "<time>"),
      new Mask("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<time>"),
      new Mask("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uid>"),
      new Mask("containerd://[0-9a-f]{64}", "containerd://<id>"),
      new Mask("sha256:[0-9a-f]{64}", "sha256:<digest>"),
      new Mask("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b", "<ip>"),
      new Mask("\\bkeelson-node-\\d+\\b", "<node>"),
      new Mask("\\b(sample-ds|kube-api-access)-[bcdfghjklmnpqrstvwxz2456789]{5}\\b", "$1-<suffix>"),
      new Mask("(controller-revision-hash=[a-z0-9-]+?)-[bcdfghjklmnpqrstvwxz2456789]{8,10}\\b", "$1-<hash>"),
      new Mask("(Path:\\s+)\\S*/(pvc-)", "$1<dir>/$2"),
      // A duration alone in a cell (the Age columns): padded by two spaces or at the line's edge.
      new Mask("(?<=^|\\s{2})(\\d+[smhdy]){1,2}(?=\\s{2}|$)", "<age>"));
  private static final Pattern PADDING = Pattern.compile(" {2,}");

  private GoldenText() {}

  /** Masks and normalizes every line; trailing blank lines are dropped. */
  static List<String> normalize(String output) {
    List<String> lines = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      String masked = line;
      for (Mask mask : MASKS) {
        masked = mask.pattern().matcher(masked).replaceAll(mask.replacement());
      }
      lines.add(PADDING.matcher(masked).replaceAll("  ").stripTrailing());
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** Normalizes a golden file, which is written with placeholders already; lines starting {@code #} are comments. */
  static List<String> golden(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.startsWith("#")) {
        lines.add(PADDING.matcher(line).replaceAll("  ").stripTrailing());
      }
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private record Mask(Pattern pattern, String replacement) {
    Mask(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }
}
