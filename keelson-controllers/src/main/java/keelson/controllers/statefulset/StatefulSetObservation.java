package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/**
 * What one sync of a set sees: the set, the pods it controls whose names parse as its members
 * (after adoption and release), the claims in its namespace, and its ControllerRevisions.
 * Nothing in here is mutated by the planner.
 */
public record StatefulSetObservation(
    StatefulSet set, List<Pod> pods, List<PersistentVolumeClaim> claims, List<ControllerRevision> revisions) {
  public StatefulSetObservation {
    pods = List.copyOf(pods);
    claims = List.copyOf(claims);
    revisions = List.copyOf(revisions);
  }
}
