package keelson.api.schema;

import java.util.Objects;

/**
 * How a strategic merge patch combines a field's old and new value, from the {@code patchStrategy}
 * and {@code patchMergeKey} tags on Kubernetes' Go types.
 *
 * @param merge lists are merged (by {@code mergeKey} for lists of objects, as a set for lists of
 *     scalars) instead of replaced
 * @param retainKeys a patch may carry {@code $retainKeys} to clear the other keys of the element
 * @param mergeKey the element field that identifies list elements, empty for lists of scalars
 */
public record PatchStrategy(boolean merge, boolean retainKeys, String mergeKey) {
  /** The default: maps are merged, lists are replaced. */
  public static final PatchStrategy REPLACE = new PatchStrategy(false, false, "");
  /** A list of scalars merged as a set, such as {@code metadata.finalizers}. */
  public static final PatchStrategy MERGE_SET = new PatchStrategy(true, false, "");

  public PatchStrategy {
    Objects.requireNonNull(mergeKey, "mergeKey");
  }

  /** Returns a strategy merging list elements by the given key. */
  public static PatchStrategy mergeBy(String mergeKey) {
    return new PatchStrategy(true, false, mergeKey);
  }

  /** Returns a strategy merging list elements by the given key and honouring {@code $retainKeys}. */
  public static PatchStrategy mergeRetainingKeysBy(String mergeKey) {
    return new PatchStrategy(true, true, mergeKey);
  }

  /** Returns the value of OpenAPI's {@code x-kubernetes-patch-strategy}, empty for the default. */
  public String extensionValue() {
    if (merge && retainKeys) {
      return "merge,retainKeys";
    }
    return merge ? "merge" : retainKeys ? "retainKeys" : "";
  }

  /** Returns whether elements of a list of objects are matched up by {@link #mergeKey()}. */
  public boolean hasMergeKey() {
    return !mergeKey.isEmpty();
  }
}
