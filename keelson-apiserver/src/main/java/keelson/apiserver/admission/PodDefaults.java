package keelson.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.Admission;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.RegistryStore;

/**
 * What the ServiceAccount and DefaultTolerationSeconds plugins add to a new pod: the {@code
 * default} service account when none is named, and tolerations of the not-ready and unreachable
 * NoExecute taints for 300 seconds unless the pod tolerates them already. (No token volume is
 * mounted: simulated containers read no files.)
 */
public final class PodDefaults implements Admission {
  private static final long TOLERATION_SECONDS = 300;
  private static final String[] TAINTS = {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"};

  @Override
  public void admitCreate(ResourceType type, ObjectNode obj, RegistryStore registry) {
    if (type != BuiltinResources.PODS) {
      return;
    }
    ObjectNode spec = Json.child(obj, "spec");
    String account = Json.text(spec, "serviceAccountName");
    if (account == null || account.isEmpty()) {
      account = Json.text(spec, "serviceAccount");
    }
    if (account == null || account.isEmpty()) {
      account = "default";
    }
    spec.put("serviceAccountName", account);
    spec.put("serviceAccount", account);
    ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode list ? list : spec.putArray("tolerations");
    for (String taint : TAINTS) {
      if (!tolerates(tolerations, taint)) {
        tolerations.addObject().put("key", taint).put("operator", "Exists").put("effect", "NoExecute")
            .put("tolerationSeconds", TOLERATION_SECONDS);
      }
    }
  }

  /** Returns whether a toleration already covers the taint's NoExecute effect. */
  private static boolean tolerates(ArrayNode tolerations, String taint) {
    for (JsonNode toleration : tolerations) {
      String key = toleration.path("key").asText("");
      String effect = toleration.path("effect").asText("");
      String operator = toleration.path("operator").asText("Equal");
      boolean keyMatches = key.equals(taint) || (key.isEmpty() && operator.equals("Exists"));
      if (keyMatches && (effect.isEmpty() || effect.equals("NoExecute"))) {
        return true;
      }
    }
    return false;
  }
}
