package keelson.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/**
 * What one sync sees: the deployment, the ReplicaSets it controls (after adoption and release),
 * and the pods those ReplicaSets control that match its selector (Recreate waits for them).
 */
public record DeploymentObservation(Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods) {}
