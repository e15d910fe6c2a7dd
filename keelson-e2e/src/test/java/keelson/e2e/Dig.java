package keelson.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real {@code dig} (Debian's dnsutils) against one server's DNS port on loopback, with its
 * answer read back from dig's own presentation format: status, header flags and the records of
 * each section.
 */
final class Dig {
  private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
  private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]*);");
  private static final Pattern SECTION = Pattern.compile(";; ([A-Z]+) SECTION:");

  private final int port;

  Dig(int port) {
    this.port = port;
  }

  /** Fails with a clear message when dig is not installed: the suite never skips silently. */
  static void requireInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "dig"))) {
        return;
      }
    }
    throw new IllegalStateException("dig is not on the PATH; install Debian's dnsutils");
  }

  /** Asks one question over UDP (dig retries over TCP by itself when the answer is truncated). */
  Response query(String name, String type) {
    String out = run("+nocmd", "+noquestion", "+nostats", "+tries=1", "+time=3", name, type);
    return Response.parse(out);
  }

  /** {@code dig +short}: the answers' data, sorted. */
  Set<String> shortAnswers(String name, String type) {
    return Arrays.stream(run("+short", "+tries=1", "+time=3", name, type).split("\n")).map(String::trim)
        .filter(l -> !l.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
  }

  private String run(String... args) {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("dig " + String.join(" ", args) + " did not finish");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * One resource record as dig prints it.
   *
   * @param name owner name, absolute
   * @param ttl time to live in seconds
   * @param type record type
   * @param data the rest of the line (RDATA in presentation format)
   */
  record Rr(String name, long ttl, String type, String data) {
    static Rr parse(String line) {
      String[] f = line.trim().split("\\s+", 5);
      return new Rr(f[0], Long.parseLong(f[1]), f[3], f.length > 4 ? f[4] : "");
    }
  }

  /**
   * A parsed answer.
   *
   * @param status the RCODE name (NOERROR, NXDOMAIN, ...)
   * @param flags the header flags (qr, aa, rd, ...)
   * @param sections records by section name (ANSWER, AUTHORITY, ADDITIONAL)
   * @param text dig's output, for failure messages
   */
  record Response(String status, Set<String> flags, Map<String, List<Rr>> sections, String text) {
    static Response parse(String out) {
      Matcher status = STATUS.matcher(out);
      Matcher flags = FLAGS.matcher(out);
      if (!status.find() || !flags.find()) {
        throw new AssertionError("dig printed no answer:\n" + out);
      }
      Map<String, List<Rr>> sections = new LinkedHashMap<>();
      List<Rr> current = null;
      for (String line : out.split("\n")) {
        Matcher section = SECTION.matcher(line);
        if (section.find()) {
          current = sections.computeIfAbsent(section.group(1), s -> new ArrayList<>());
        } else if (line.isBlank() || line.startsWith(";")) {
          if (line.isBlank()) {
            current = null;
          }
        } else if (current != null) {
          current.add(Rr.parse(line));
        }
      }
      return new Response(status.group(1), Set.of(flags.group(1).trim().split("\\s+")), sections, out);
    }

    List<Rr> answer() {
      return sections.getOrDefault("ANSWER", List.of());
    }

    List<Rr> authority() {
      return sections.getOrDefault("AUTHORITY", List.of());
    }

    List<Rr> additional() {
      return sections.getOrDefault("ADDITIONAL", List.of());
    }

    boolean authoritative() {
      return flags.contains("aa");
    }

    /** The data of the answer records of one type, sorted. */
    Set<String> answers(String type) {
      return answer().stream().filter(r -> r.type().equals(type)).map(Rr::data)
          .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
