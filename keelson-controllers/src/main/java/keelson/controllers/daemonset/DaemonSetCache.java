package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Optional;

/** Read access to the informer caches a DaemonSet sync works from (never mutate what it returns). */
public interface DaemonSetCache {
  Optional<DaemonSet> daemonSet(String namespace, String name);

  List<Node> nodes();

  List<Pod> pods(String namespace);

  List<ControllerRevision> revisions(String namespace);
}
