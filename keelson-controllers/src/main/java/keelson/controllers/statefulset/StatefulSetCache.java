package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;

/**
 * The read side the controller decides from: informer caches in production, the in-memory cluster
 * in simulations. Returned objects are shared and must not be mutated.
 */
public interface StatefulSetCache {

  /** Returns a set by namespace and name. */
  Optional<StatefulSet> statefulSet(String namespace, String name);

  /** Returns the sets of a namespace. */
  List<StatefulSet> statefulSets(String namespace);

  /** Returns the pods of a namespace. */
  List<Pod> pods(String namespace);

  /** Returns the claims of a namespace. */
  List<PersistentVolumeClaim> claims(String namespace);

  /** Returns the revisions of a namespace. */
  List<ControllerRevision> revisions(String namespace);
}
