package keelson.apiserver.eviction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.DeleteOptions;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.Metadata;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.WriteOptions;

/**
 * Evicts a pod the way kube-apiserver's eviction subresource does: the pod is marked with the
 * {@code DisruptionTarget} condition and then deleted with the eviction's delete options (so its
 * grace period runs as for any delete).
 *
 * <p>PodDisruptionBudgets are not served, so no budget can refuse an eviction: every eviction of
 * an existing pod is allowed, as on a cluster whose pods no budget selects. kube-apiserver's 429
 * answer ("Cannot evict pod as it would violate the pod's disruption budget.") therefore never
 * arises here.
 */
public final class PodEviction {
  /** The condition kube-apiserver adds to a pod it evicts. */
  static final String DISRUPTION_TARGET = "DisruptionTarget";

  private final RegistryStore registry;
  private final Clock clock;

  public PodEviction(RegistryStore registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Evicts the pod {@code name} in {@code namespace}.
   *
   * @param eviction the decoded Eviction body
   * @param dryRun whether the request asked for a dry run ({@code ?dryRun=All})
   * @throws ApiException 400 when the body names another pod, 404 when the pod does not exist
   */
  public void evict(String namespace, String name, JsonNode eviction, boolean dryRun) {
    String bodyName = eviction.path("metadata").path("name").asText("");
    if (!bodyName.equals(name)) {
      throw ApiException.badRequest("name in URL does not match name in Eviction object");
    }
    JsonNode options = eviction.get("deleteOptions");
    DeleteOptions delete = DeleteOptions.from(options, null, null, dryRun);
    // The pod must exist: a missing one is the usual 404, which kubectl drain takes as "gone".
    registry.get(BuiltinResources.PODS, namespace, name);
    String precondition = delete.preconditionResourceVersion();
    if (!delete.dryRun()) {
      ObjectNode marked = registry.update(BuiltinResources.PODS, namespace, name, "status",
          this::markDisruptionTarget, WriteOptions.DEFAULT, false);
      if (precondition != null) {
        // The condition write bumped the version the caller saw; it was ours, so move the
        // precondition along with it, as kube-apiserver does.
        precondition = Metadata.resourceVersion(marked);
      }
    }
    registry.delete(BuiltinResources.PODS, namespace, name, new DeleteOptions(delete.gracePeriodSeconds(),
        delete.propagationPolicy(), delete.preconditionUid(), precondition, delete.dryRun()));
  }

  /** Sets condition DisruptionTarget=True with the eviction API's reason, once. */
  private ObjectNode markDisruptionTarget(ObjectNode pod) {
    ObjectNode status = Json.child(pod, "status");
    ArrayNode conditions = status.get("conditions") instanceof ArrayNode list ? list : status.putArray("conditions");
    for (JsonNode condition : conditions) {
      if (DISRUPTION_TARGET.equals(condition.path("type").asText())
          && "True".equals(condition.path("status").asText())) {
        return pod;
      }
    }
    for (int i = 0; i < conditions.size(); i++) {
      if (DISRUPTION_TARGET.equals(conditions.get(i).path("type").asText())) {
        conditions.remove(i);
        break;
      }
    }
    conditions.addObject()
        .put("type", DISRUPTION_TARGET)
        .put("status", "True")
        .putNull("lastProbeTime")
        .put("lastTransitionTime", Metadata.timestamp(clock.instant()))
        .put("reason", "EvictionByEvictionAPI")
        .put("message", "Eviction API: evicting");
    return pod;
  }
}
