package keelson.api.schema;

import java.util.Map;
import java.util.Set;

/**
 * Maps fabric8 model classes to the schema names Kubernetes' OpenAPI uses for the same Go types.
 *
 * <p>fabric8 keeps the meta/v1 types in its core package, so those are listed by simple name; the
 * rest follow from the fabric8 package.
 */
public final class KubernetesNames {
  /** Schema name of a free-form embedded object (Go's runtime.RawExtension). */
  public static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
  /** Schema name of a managed-fields set (meta/v1 FieldsV1). */
  public static final String FIELDS_V1 = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1";

  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";

  /** fabric8 core-package classes that are really meta/v1 types. */
  private static final Set<String> META_TYPES =
      Set.of(
          "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference",
          "ManagedFieldsEntry", "FieldsV1", "Condition", "Status", "StatusDetails", "StatusCause",
          "DeleteOptions", "Preconditions", "WatchEvent", "Time", "MicroTime");

  /** fabric8 sub-packages and the Kubernetes package each one models. */
  private static final Map<String, String> PACKAGES =
      Map.of(
          FABRIC8, "io.k8s.api.core.v1.",
          FABRIC8 + ".apps", "io.k8s.api.apps.v1.",
          FABRIC8 + ".discovery.v1", "io.k8s.api.discovery.v1.",
          FABRIC8 + ".storage", "io.k8s.api.storage.v1.",
          FABRIC8 + ".coordination.v1", "io.k8s.api.coordination.v1.",
          FABRIC8 + ".autoscaling.v1", "io.k8s.api.autoscaling.v1.",
          FABRIC8 + ".events.v1", "io.k8s.api.events.v1.");

  private KubernetesNames() {}

  /**
   * Returns the Kubernetes schema name of a fabric8 model class, such as {@code
   * io.k8s.api.apps.v1.StatefulSet} for fabric8's {@code StatefulSet}.
   *
   * @throws IllegalArgumentException for a class outside the modelled packages
   */
  public static String of(Class<?> modelClass) {
    String simple = modelClass.getSimpleName();
    String pkg = modelClass.getPackageName();
    if (pkg.equals(FABRIC8) && META_TYPES.contains(simple)) {
      return META + simple;
    }
    String prefix = PACKAGES.get(pkg);
    if (prefix == null) {
      throw new IllegalArgumentException("no Kubernetes schema name for " + modelClass.getName());
    }
    return prefix + simple;
  }
}
