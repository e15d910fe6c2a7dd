package keelson.apiserver.rest;

import java.util.random.RandomGenerator;

/**
 * Completes {@code metadata.generateName} as kube-apiserver does: the prefix cut to 58 characters,
 * then five characters from an alphabet without vowels or look-alike digits, so generated names
 * never spell words.
 */
public final class NameGenerator {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int MAX_PREFIX = 58;
  private static final int SUFFIX = 5;

  private final RandomGenerator random;

  public NameGenerator(RandomGenerator random) {
    this.random = random;
  }

  /** Returns a fresh name for the given prefix. */
  public String generate(String prefix) {
    String base = prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix;
    StringBuilder name = new StringBuilder(base);
    for (int i = 0; i < SUFFIX; i++) {
      name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return name.toString();
  }
}
