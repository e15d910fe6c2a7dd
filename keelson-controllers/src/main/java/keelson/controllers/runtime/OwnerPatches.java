package keelson.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;

/**
 * Strategic merge patches that adopt or release an object (upstream's {@code ControllerRefManager}
 * patches). Each carries the object's uid, so a deleted and recreated object of the same name is
 * refused (422) instead of being changed.
 */
public final class OwnerPatches {
  private OwnerPatches() {
  }

  /** Returns the patch adding {@code owner} as controller (blockOwnerDeletion) of {@code object}. */
  public static String adopt(String ownerApiVersion, String ownerKind, HasMetadata owner, HasMetadata object) {
    return "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"" + ownerApiVersion + "\",\"kind\":\""
        + ownerKind + "\",\"name\":\"" + owner.getMetadata().getName() + "\",\"uid\":\""
        + owner.getMetadata().getUid() + "\",\"controller\":true,\"blockOwnerDeletion\":true}],\"uid\":\""
        + object.getMetadata().getUid() + "\"}}";
  }

  /** Returns the patch deleting {@code owner}'s reference from {@code object}. */
  public static String release(HasMetadata owner, HasMetadata object) {
    return "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"" + owner.getMetadata().getUid()
        + "\"}],\"uid\":\"" + object.getMetadata().getUid() + "\"}}";
  }

  /**
   * Applies an owner patch. An object that is gone (404) or was replaced (422 from the uid
   * precondition) is not ours to adopt or release any more, so both count as done.
   */
  public static void apply(Resource<?> resource, String patch) {
    try {
      resource.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != 422) {
        throw e;
      }
    }
  }
}
