package keelson.scheduler.filter;

import io.fabric8.kubernetes.api.model.NodeSelector;
import java.util.List;

/**
 * What a pod's PersistentVolumeClaims demand of its node, resolved from the claims, volumes and
 * storage classes the scheduler watches.
 *
 * @param failure why no node can take the pod whatever it holds (a missing claim, an unbound claim
 *     of an Immediate class), as kube-scheduler's VolumeBinding PreFilter words it; null when none
 * @param nodeAffinities node affinity of the PersistentVolumes already bound to the pod's claims: the
 *     node must match every one
 * @param missingVolume whether a claim is bound to a PersistentVolume that does not exist
 * @param claimsToSelect claims of WaitForFirstConsumer classes not yet bound: on binding they are
 *     annotated with the chosen node so the provisioner creates their volumes there
 */
public record VolumeConstraints(
    String failure, List<NodeSelector> nodeAffinities, boolean missingVolume, List<String> claimsToSelect) {
  public static final VolumeConstraints NONE = new VolumeConstraints(null, List.of(), false, List.of());

  /** Returns constraints that rule out every node. */
  public static VolumeConstraints failure(String message) {
    return new VolumeConstraints(message, List.of(), false, List.of());
  }
}
