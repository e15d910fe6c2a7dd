package keelson.apiserver.fieldmanager;

import java.util.List;

/** Prints paths as kube-apiserver does in apply conflicts: {@code .spec.containers[name="web"].image}. */
final class Paths {
  private Paths() {}

  static String toString(List<PathElement> path) {
    StringBuilder out = new StringBuilder();
    path.forEach(out::append);
    return out.toString();
  }
}
