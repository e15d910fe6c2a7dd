package keelson.api.validation;

/**
 * A field path as apimachinery prints it: dotted children, {@code [i]} list indices and {@code [key]}
 * map keys, for example {@code spec.template.spec.containers[0].image}.
 */
public record Path(String value) {

  /** Returns the root path with the given dotted name. */
  public static Path of(String root) {
    return new Path(root);
  }

  /** Returns the path of a child field; several names are joined with dots. */
  public Path child(String... names) {
    StringBuilder out = new StringBuilder(value);
    for (String name : names) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(name);
    }
    return new Path(out.toString());
  }

  /** Returns the path of a list element. */
  public Path index(int i) {
    return new Path(value + "[" + i + "]");
  }

  /** Returns the path of a map entry. */
  public Path key(String key) {
    return new Path(value + "[" + key + "]");
  }

  @Override
  public String toString() {
    return value;
  }
}
