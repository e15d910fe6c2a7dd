package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Optional;

/** Read access to the informer caches a Deployment sync works from (never mutate what it returns). */
public interface DeploymentCache {
  Optional<Deployment> deployment(String namespace, String name);

  List<ReplicaSet> replicaSets(String namespace);

  List<Pod> pods(String namespace);
}
