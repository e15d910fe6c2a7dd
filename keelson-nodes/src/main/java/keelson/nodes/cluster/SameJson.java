package keelson.nodes.cluster;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether two fabric8 model objects serialize to the same JSON, without serializing them. Model
 * equality ({@code equals}) is stricter: fabric8 leaves out empty lists and maps when it writes
 * JSON, and a model built in code has null where the same model decoded from JSON has an empty
 * list, so a status that went to the API server and came back through a watch is never
 * {@code equals} to the one that was sent. Here null and an empty collection or map are the same;
 * model objects (classes in {@code io.fabric8}) are compared getter by getter, everything else with
 * {@code equals}.
 */
final class SameJson {
  private static final Map<Class<?>, List<MethodHandle>> GETTERS = new ConcurrentHashMap<>();

  private SameJson() {}

  static boolean same(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return isEmpty(a == null ? b : a);
    }
    if (a instanceof Collection<?> x && b instanceof Collection<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = y.iterator();
      for (Object element : x) {
        if (!same(element, i.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.getClass() != b.getClass() || !a.getClass().getName().startsWith("io.fabric8.")) {
      return a.equals(b);
    }
    try {
      for (MethodHandle getter : getters(a.getClass())) {
        if (!same((Object) getter.invokeExact(a), (Object) getter.invokeExact(b))) {
          return false;
        }
      }
      return true;
    } catch (Throwable e) {
      return false; // a getter that fails: not provably the same
    }
  }

  private static boolean isEmpty(Object value) {
    return value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty();
  }

  /** The public no-argument getters of a model class (its JSON properties and additionalProperties). */
  private static List<MethodHandle> getters(Class<?> type) {
    return GETTERS.computeIfAbsent(type, t -> {
      List<MethodHandle> getters = new ArrayList<>();
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      for (Method m : t.getMethods()) {
        String name = m.getName();
        boolean getter = name.startsWith("get") && name.length() > 3 || name.startsWith("is") && name.length() > 2;
        if (!getter || m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
            || m.getReturnType() == void.class || m.getDeclaringClass() == Object.class) {
          continue;
        }
        try {
          getters.add(lookup.unreflect(m).asType(MethodType.methodType(Object.class, Object.class)));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot read " + t.getName() + "." + name, e);
        }
      }
      return List.copyOf(getters);
    });
  }
}
