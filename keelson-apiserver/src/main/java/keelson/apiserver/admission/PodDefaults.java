package keelson.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.Admission;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.RegistryStore;

/**
 * What the ServiceAccount, Priority and DefaultTolerationSeconds plugins add to a new pod: the
 * {@code default} service account when none is named, and its API-access token volume
 * ({@code kube-api-access-xxxxx}, a projected volume mounted read-only into every container at
 * {@code /var/run/secrets/kubernetes.io/serviceaccount}) unless the pod opts out or mounts that path
 * itself; priority 0 and {@code PreemptLowerPriority} when no priority class is named; and
 * tolerations of the not-ready and unreachable NoExecute taints for 300 seconds unless the pod
 * tolerates them already. The simulated containers read no files, but {@code kubectl describe pod}
 * and {@code -o yaml} show these as on a real cluster.
 */
public final class PodDefaults implements Admission {
  private static final long TOLERATION_SECONDS = 300;
  private static final String[] TAINTS = {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"};
  static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  /** The token lifetime kube-apiserver gives the projected token (an hour, plus a little). */
  private static final long TOKEN_SECONDS = 3607;
  /** apimachinery's random-suffix alphabet (no vowels, no look-alike digits). */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final RandomGenerator random;

  public PodDefaults() {
    this(new SecureRandom());
  }

  PodDefaults(RandomGenerator random) {
    this.random = random;
  }

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
    if (spec.path("automountServiceAccountToken").asBoolean(true) && !mountsTokenPath(spec)) {
      mountToken(spec);
    }
    if (Json.text(spec, "priorityClassName") == null || Json.text(spec, "priorityClassName").isEmpty()) {
      if (!spec.has("priority") || spec.get("priority").isNull()) {
        spec.put("priority", 0);
      }
      if (!spec.has("preemptionPolicy") || spec.get("preemptionPolicy").isNull()) {
        spec.put("preemptionPolicy", "PreemptLowerPriority");
      }
    }
    ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode list ? list : spec.putArray("tolerations");
    for (String taint : TAINTS) {
      if (!tolerates(tolerations, taint)) {
        tolerations.addObject().put("key", taint).put("operator", "Exists").put("effect", "NoExecute")
            .put("tolerationSeconds", TOLERATION_SECONDS);
      }
    }
  }

  private static boolean mountsTokenPath(ObjectNode spec) {
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode container : spec.path(list)) {
        for (JsonNode mount : container.path("volumeMounts")) {
          if (TOKEN_PATH.equals(mount.path("mountPath").asText())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Adds the projected token volume and mounts it read-only into every container. */
  private void mountToken(ObjectNode spec) {
    StringBuilder name = new StringBuilder("kube-api-access-");
    for (int i = 0; i < 5; i++) {
      name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    ArrayNode volumes = spec.get("volumes") instanceof ArrayNode list ? list : spec.putArray("volumes");
    ObjectNode projected = volumes.addObject().put("name", name.toString()).putObject("projected");
    ArrayNode sources = projected.putArray("sources");
    sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_SECONDS).put("path", "token");
    ObjectNode configMap = sources.addObject().putObject("configMap").put("name", "kube-root-ca.crt");
    configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
    sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
        .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
    projected.put("defaultMode", 420);
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode container : spec.path(list)) {
        if (container instanceof ObjectNode c) {
          ArrayNode mounts = c.get("volumeMounts") instanceof ArrayNode m ? m : c.putArray("volumeMounts");
          mounts.addObject().put("name", name.toString()).put("readOnly", true).put("mountPath", TOKEN_PATH);
        }
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
