package keelson.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * What the garbage collector knows of one object: identity, owner references, and whether it is
 * being deleted and with which finalizers. Immutable: a new observation replaces the node.
 */
public record GraphNode(ObjectRef ref, List<OwnerReference> owners, boolean deleting, List<String> finalizers) {
  /** Finalizer the API server adds for {@code propagationPolicy: Foreground}. */
  public static final String FOREGROUND = "foregroundDeletion";
  /** Finalizer the API server adds for {@code propagationPolicy: Orphan}. */
  public static final String ORPHAN = "orphan";

  public GraphNode {
    owners = owners == null ? List.of() : List.copyOf(owners);
    finalizers = finalizers == null ? List.of() : List.copyOf(finalizers);
  }

  /** Returns the node of an object whose kind and apiVersion are known from where it was listed. */
  public static GraphNode of(HasMetadata object, String apiVersion, String kind) {
    ObjectMeta meta = object.getMetadata();
    ObjectRef ref = new ObjectRef(apiVersion, kind, emptyToNull(meta.getNamespace()), meta.getName(), meta.getUid());
    return new GraphNode(ref, meta.getOwnerReferences(), meta.getDeletionTimestamp() != null, meta.getFinalizers());
  }

  public String uid() {
    return ref.uid();
  }

  /** Returns whether this object is being deleted foreground-style: waiting for its dependents. */
  public boolean isDeletingDependents() {
    return deleting && finalizers.contains(FOREGROUND);
  }

  /** Returns whether this object is being deleted with its dependents to be orphaned. */
  public boolean isOrphaning() {
    return deleting && finalizers.contains(ORPHAN);
  }

  /** Returns whether this object names {@code ownerUid} as an owner. */
  public boolean isOwnedBy(String ownerUid) {
    return owners.stream().anyMatch(o -> ownerUid.equals(o.getUid()));
  }

  /** Returns whether this object holds back the foreground deletion of {@code ownerUid}. */
  public boolean blocks(String ownerUid) {
    return owners.stream().anyMatch(o -> ownerUid.equals(o.getUid()) && Boolean.TRUE.equals(o.getBlockOwnerDeletion()));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
