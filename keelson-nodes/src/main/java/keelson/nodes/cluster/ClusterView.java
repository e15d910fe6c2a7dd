package keelson.nodes.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;

/** Read access to cached objects. Returned objects are shared: copy before changing them. */
public interface ClusterView {
  /** Returns a Node by name, or null. */
  Node node(String name);

  /** Returns every Node. */
  List<Node> nodes();

  /** Returns a Pod, or null. */
  Pod pod(String namespace, String name);

  /** Returns every Pod. */
  List<Pod> pods();

  /** Returns the Pods whose {@code spec.nodeName} is this node. */
  List<Pod> podsOnNode(String nodeName);

  /** Returns a node's Lease in {@code kube-node-lease}, or null. */
  Lease lease(String nodeName);
}
