package keelson.nodes.pods;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodStatus;
import keelson.api.schema.ObjectSchema;
import keelson.api.schema.Schemas;
import keelson.api.schema.TwoWayMergePatch;

/**
 * The body of a kubelet's pod status update: a strategic merge patch of {@code pods/{name}/status}
 * from the status the kubelet last saw to the one it reports now, with the pod's uid as a
 * precondition ({@code pkg/util/pod} PatchPodStatus). Only what changed travels: a condition by its
 * {@code type} and changed fields, an address by its {@code ip}, the container statuses whole when
 * any changed (that list has no merge key upstream). The API server refuses the patch with 409 if
 * the pod of that name is another one by now. Pure.
 */
public final class PodStatusPatch {
  private static final ObjectSchema STATUS = Schemas.of(PodStatus.class);

  private PodStatusPatch() {}

  /**
   * Returns {@code {"metadata":{"uid":uid},"status":<changes>}}, without {@code status} when the two
   * are equal.
   *
   * @param before the status as last seen, serialised (an empty object if the pod had none)
   * @param after the status to report, serialised the same way
   */
  public static ObjectNode between(String uid, ObjectNode before, ObjectNode after) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").put("uid", uid);
    ObjectNode status = TwoWayMergePatch.create(before, after, STATUS);
    if (!status.isEmpty()) {
      patch.set("status", status);
    }
    return patch;
  }
}
