package keelson.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import keelson.api.registry.ResourceType;

/**
 * The per-kind create and update preparation of kube-apiserver's registry strategies: which parts
 * of an object a write through the main resource or the status subresource may change, and the
 * bookkeeping fields the server owns. uid, resourceVersion and creationTimestamp are left to the
 * server.
 */
public final class Preparation {
  private Preparation() {}

  /** The annotation that carries a DaemonSet's legacy template generation. */
  public static final String DAEMONSET_TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

  /** Kinds whose strategies maintain metadata.generation. */
  private static final Set<String> TRACKS_GENERATION = Set.of("apps/v1/StatefulSet",
      "apps/v1/DaemonSet", "apps/v1/Deployment", "apps/v1/ReplicaSet",
      "discovery.k8s.io/v1/EndpointSlice");

  private static String key(ResourceType type) {
    return type.apiVersion() + "/" + type.kind();
  }

  /** Prepares a new object for storage: resets status as the kind's strategy does, sets generation. */
  public static void forCreate(ResourceType type, ObjectNode obj) {
    forCreate(type, obj, Clock.systemUTC());
  }

  /** Like {@link #forCreate(ResourceType, ObjectNode)}, reading time (for PV phase stamps) from {@code clock}. */
  public static void forCreate(ResourceType type, ObjectNode obj, Clock clock) {
    ObjectNode meta = Nodes.object(obj, "metadata");
    if (TRACKS_GENERATION.contains(key(type))) {
      meta.put("generation", 1);
    }
    switch (key(type)) {
      // replicas and availableReplicas have no omitempty, so a fresh status shows them as 0
      case "apps/v1/StatefulSet" -> {
        obj.putObject("status").put("replicas", 0).put("availableReplicas", 0);
        dropStatefulSetMaxUnavailable(obj, null);
      }
      case "apps/v1/DaemonSet" -> {
        obj.putObject("status").put("currentNumberScheduled", 0).put("numberMisscheduled", 0)
            .put("desiredNumberScheduled", 0).put("numberReady", 0);
        ObjectNode annotations = Nodes.object(meta, "annotations");
        if (templateGeneration(obj) < 1) {
          annotations.put(DAEMONSET_TEMPLATE_GENERATION, "1");
        }
      }
      case "apps/v1/ReplicaSet" -> obj.putObject("status").put("replicas", 0);
      case "apps/v1/Deployment" -> obj.putObject("status");
      case "v1/Pod" -> {
        obj.putObject("status").put("phase", "Pending").put("qosClass", QosClasses.of(obj));
        schedulingGatedCondition(obj);
      }
      case "v1/Service" -> obj.putObject("status").putObject("loadBalancer");
      case "v1/PersistentVolumeClaim" -> obj.putObject("status").put("phase", "Pending");
      case "v1/PersistentVolume" -> obj.putObject("status").put("phase", "Pending")
          .put("lastPhaseTransitionTime", rfc3339(clock));
      case "v1/Namespace" -> {
        obj.putObject("status").put("phase", "Active");
        ArrayNode finalizers = Nodes.object(obj, "spec").withArray("finalizers");
        boolean hasKubernetes = false;
        for (JsonNode f : finalizers) {
          hasKubernetes |= "kubernetes".equals(f.asText());
        }
        if (!hasKubernetes) {
          finalizers.add("kubernetes");
        }
      }
      default -> { }
    }
  }

  /** Prepares an update through the main resource: keeps the old status, bumps generation on spec change. */
  public static void forUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    ObjectNode meta = Nodes.object(obj, "metadata");
    JsonNode oldMeta = old.path("metadata");
    // clients cannot set generation; it follows the stored object
    setOrRemove(meta, "generation", oldMeta.get("generation"));
    if (type.hasSubresource("status")) {
      setOrRemove(obj, "status", old.get("status"));
    }
    long oldGeneration = oldMeta.path("generation").asLong(0);
    switch (key(type)) {
      case "apps/v1/StatefulSet" -> {
        dropStatefulSetMaxUnavailable(obj, old);
        bumpIf(meta, oldGeneration, !same(obj.get("spec"), old.get("spec")));
      }
      case "apps/v1/ReplicaSet" -> bumpIf(meta, oldGeneration, !same(obj.get("spec"), old.get("spec")));
      case "apps/v1/Deployment" -> bumpIf(meta, oldGeneration,
          !same(obj.get("spec"), old.get("spec"))
              || !same(meta.get("annotations"), oldMeta.get("annotations")));
      case "apps/v1/DaemonSet" -> daemonSetUpdate(obj, old, meta, oldGeneration);
      case "discovery.k8s.io/v1/EndpointSlice" -> {
        ObjectNode a = obj.deepCopy();
        ObjectNode b = old.deepCopy();
        a.remove("metadata");
        b.remove("metadata");
        bumpIf(meta, oldGeneration, !same(a, b) || !same(meta.get("labels"), oldMeta.get("labels")));
      }
      case "v1/Service" -> ServiceUpdates.prepare(Nodes.object(obj, "spec"), old.path("spec"));
      case "v1/Namespace" -> setOrRemove(Nodes.object(obj, "spec"), "finalizers",
          old.path("spec").get("finalizers"));
      default -> { }
    }
  }

  /** Prepares an update through the status subresource: keeps everything of {@code old} but status. */
  public static void forStatusUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
    List<String> names = new ArrayList<>();
    obj.fieldNames().forEachRemaining(names::add);
    old.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (!name.equals("status") && !name.equals("metadata") && !name.equals("apiVersion")
          && !name.equals("kind") && !Objects.equals(obj.get(name), old.get(name))) {
        // A status write rarely carries a changed spec: comparing is cheaper than copying it.
        setOrRemove(obj, name, old.get(name));
      }
    }
    ObjectNode meta = Nodes.object(obj, "metadata");
    JsonNode oldMeta = old.path("metadata");
    setOrRemove(meta, "generation", oldMeta.get("generation"));
    switch (key(type)) {
      // the Deployment status strategy also pins labels
      case "apps/v1/Deployment" -> setOrRemove(meta, "labels", oldMeta.get("labels"));
      // old kubelets corrupted owner references through pods/status
      case "v1/Pod" -> setOrRemove(meta, "ownerReferences", oldMeta.get("ownerReferences"));
      default -> { }
    }
  }

  private static void daemonSetUpdate(ObjectNode obj, ObjectNode old, ObjectNode meta,
      long oldGeneration) {
    JsonNode spec = obj.path("spec");
    JsonNode oldSpec = old.path("spec");
    long oldTemplateGeneration = templateGeneration(old);
    if (!same(spec.get("template"), oldSpec.get("template"))) {
      Nodes.object(meta, "annotations")
          .put(DAEMONSET_TEMPLATE_GENERATION, Long.toString(oldTemplateGeneration + 1));
      meta.put("generation", oldGeneration + 1);
      return;
    }
    if (oldTemplateGeneration > 0) {
      Nodes.object(meta, "annotations")
          .put(DAEMONSET_TEMPLATE_GENERATION, Long.toString(oldTemplateGeneration));
    }
    bumpIf(meta, oldGeneration, !same(spec, oldSpec));
  }

  private static long templateGeneration(JsonNode obj) {
    String value = obj.path("metadata").path("annotations").path(DAEMONSET_TEMPLATE_GENERATION).asText("");
    try {
      return value.isEmpty() ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // The MaxUnavailableStatefulSet gate is off in 1.32: the field is dropped unless already stored.
  private static void dropStatefulSetMaxUnavailable(ObjectNode obj, ObjectNode old) {
    JsonNode rolling = obj.path("spec").path("updateStrategy").path("rollingUpdate");
    boolean oldUses = old != null && !old.path("spec").path("updateStrategy").path("rollingUpdate")
        .path("maxUnavailable").isMissingNode();
    if (rolling instanceof ObjectNode r && !oldUses) {
      r.remove("maxUnavailable");
    }
  }

  private static void schedulingGatedCondition(ObjectNode pod) {
    if (pod.path("spec").path("schedulingGates").size() > 0) {
      ObjectNode condition = ((ObjectNode) pod.get("status")).putArray("conditions").addObject();
      condition.put("type", "PodScheduled").put("status", "False").put("lastProbeTime", (String) null)
          .put("lastTransitionTime", (String) null).put("reason", "SchedulingGated")
          .put("message", "Scheduling is blocked due to non-empty scheduling gates");
    }
  }

  private static void bumpIf(ObjectNode meta, long oldGeneration, boolean changed) {
    if (changed) {
      meta.put("generation", oldGeneration + 1);
    }
  }

  private static void setOrRemove(ObjectNode target, String name, JsonNode value) {
    if (value == null || value.isMissingNode()) {
      target.remove(name);
    } else {
      target.set(name, value.deepCopy());
    }
  }

  private static String rfc3339(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Go's semantic DeepEqual over decoded JSON: absent, null and empty collections are equal. */
  static boolean same(JsonNode a, JsonNode b) {
    return Objects.equals(normalize(a), normalize(b));
  }

  private static Object normalize(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      java.util.TreeMap<String, Object> out = new java.util.TreeMap<>();
      for (Iterator<java.util.Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        Object v = normalize(e.getValue());
        if (v != null) {
          out.put(e.getKey(), v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(item -> out.add(normalize(item)));
      return out.isEmpty() ? null : out;
    }
    if (n.isNumber()) {
      return n.decimalValue().stripTrailingZeros();
    }
    if (n.isBoolean()) {
      return n.asBoolean() ? Boolean.TRUE : null;
    }
    return n.asText().isEmpty() ? null : n.asText();
  }
}
