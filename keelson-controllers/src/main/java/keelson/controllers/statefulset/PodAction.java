package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** One change the planner asks for, about one pod of the set. The executor switches over these exhaustively. */
public sealed interface PodAction {

  /** The pod the action is about (for a creation: the pod to create). */
  Pod pod();

  /**
   * Create the pod after creating its missing claims. If a claim is still being deleted the pod is
   * not created and the attempt fails ({@code pvc <name> is being deleted}), to be retried.
   */
  record CreatePod(Pod pod, List<PersistentVolumeClaim> missingClaims, List<String> claimsBeingDeleted)
      implements PodAction {
    public CreatePod {
      missingClaims = List.copyOf(missingClaims);
      claimsBeingDeleted = List.copyOf(claimsBeingDeleted);
    }
  }

  /** Create claims a Pending pod lacks. */
  record CreateClaims(Pod pod, List<PersistentVolumeClaim> claims) implements PodAction {
    public CreateClaims {
      claims = List.copyOf(claims);
    }
  }

  /** Delete the pod, for the given reason. */
  record DeletePod(Pod pod, Reason reason) implements PodAction {}

  /** Update the pod to this repaired copy (identity labels, claim volumes), creating missing claims first. */
  record UpdatePod(Pod pod, List<PersistentVolumeClaim> missingClaims) implements PodAction {
    public UpdatePod {
      missingClaims = List.copyOf(missingClaims);
    }
  }

  /** Update a claim of the pod to carry the owner references its retention policy asks for. */
  record UpdateClaimOwners(Pod pod, PersistentVolumeClaim claim) implements PodAction {}

  /** Why a pod is deleted. */
  enum Reason {
    /** The pod reached phase Failed or Succeeded; it is recreated under the same name. */
    FINISHED,
    /** The pod's ordinal is outside the managed range (scale-down, start change). */
    CONDEMNED,
    /** The pod is not at the update revision (rolling update). */
    UPDATE
  }
}
