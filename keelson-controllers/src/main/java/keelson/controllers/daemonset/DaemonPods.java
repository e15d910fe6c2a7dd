package keelson.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import keelson.controllers.runtime.ClientSerialization;
import keelson.controllers.runtime.OwnerReferences;

/** Pure helpers about daemon pods: how one is built, which node it targets, whether it is current. */
public final class DaemonPods {
  /** The pod label carrying the revision hash (just the hash, unlike StatefulSet pods). */
  public static final String REVISION_HASH_LABEL = "controller-revision-hash";
  /** The legacy template-generation label. */
  public static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
  /** The DaemonSet annotation the API server increments on each template change. */
  public static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

  static final KubernetesSerialization SERIALIZATION = ClientSerialization.create();

  private DaemonPods() {}

  /** Returns a deep copy, so that cached objects are never mutated. */
  public static <T> T copy(T object) {
    return SERIALIZATION.clone(object);
  }

  /**
   * Returns the tolerations of a daemon pod: the spec's own, with the automatic ones of §2.3
   * added or (if an existing one has the same key, operator, value and effect) replaced, as
   * util.AddOrUpdateDaemonPodTolerations does.
   */
  public static List<Toleration> withDaemonTolerations(PodSpec spec) {
    List<Toleration> result = new ArrayList<>(NodeFit.orEmpty(spec.getTolerations()));
    addOrUpdate(result, toleration("node.kubernetes.io/not-ready", "NoExecute"));
    addOrUpdate(result, toleration("node.kubernetes.io/unreachable", "NoExecute"));
    addOrUpdate(result, toleration("node.kubernetes.io/disk-pressure", "NoSchedule"));
    addOrUpdate(result, toleration("node.kubernetes.io/memory-pressure", "NoSchedule"));
    addOrUpdate(result, toleration("node.kubernetes.io/pid-pressure", "NoSchedule"));
    addOrUpdate(result, toleration("node.kubernetes.io/unschedulable", "NoSchedule"));
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      addOrUpdate(result, toleration("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    return result;
  }

  private static Toleration toleration(String key, String effect) {
    Toleration t = new Toleration();
    t.setKey(key);
    t.setOperator("Exists");
    t.setEffect(effect);
    return t;
  }

  private static void addOrUpdate(List<Toleration> tolerations, Toleration added) {
    for (int i = 0; i < tolerations.size(); i++) {
      Toleration existing = tolerations.get(i);
      if (Objects.equals(existing.getKey(), added.getKey()) && Objects.equals(existing.getEffect(), added.getEffect())
          && Objects.equals(existing.getOperator(), added.getOperator())
          && Objects.equals(existing.getValue(), added.getValue())) {
        tolerations.set(i, added);
        return;
      }
    }
    tolerations.add(added);
  }

  /**
   * Returns the pod the controller POSTs for a node: the template with the revision labels and
   * daemon tolerations, generateName {@code <ds>-}, the DaemonSet as controller, and required node
   * affinity replaced by {@code matchFields metadata.name In [node]} (the scheduler binds it).
   */
  public static Pod newPod(DaemonSet ds, String hash, String nodeName) {
    // The builders' deep copy: a JSON round trip per pod was a sixth of a 5,000-node sync.
    PodTemplateSpec template = new PodTemplateSpecBuilder(ds.getSpec().getTemplate()).build();
    ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(
        templateMeta.getLabels() == null ? Map.of() : templateMeta.getLabels());
    templateGeneration(ds).ifPresent(g -> labels.put(TEMPLATE_GENERATION_LABEL, Long.toString(g)));
    if (hash != null && !hash.isEmpty()) {
      labels.put(REVISION_HASH_LABEL, hash);
    }
    ObjectMeta meta = new ObjectMeta();
    meta.setGenerateName(ds.getMetadata().getName() + "-");
    meta.setNamespace(ds.getMetadata().getNamespace());
    meta.setLabels(labels);
    if (templateMeta.getAnnotations() != null && !templateMeta.getAnnotations().isEmpty()) {
      meta.setAnnotations(new LinkedHashMap<>(templateMeta.getAnnotations()));
    }
    if (templateMeta.getFinalizers() != null && !templateMeta.getFinalizers().isEmpty()) {
      meta.setFinalizers(new ArrayList<>(templateMeta.getFinalizers()));
    }
    meta.setOwnerReferences(new ArrayList<>(List.of(OwnerReferences.controllerReference(ds))));
    PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
    spec.setTolerations(withDaemonTolerations(spec));
    spec.setAffinity(replaceNodeNameAffinity(spec.getAffinity(), nodeName));
    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    pod.setMetadata(meta);
    pod.setSpec(spec);
    return pod;
  }

  /**
   * Returns the affinity with its required node-affinity terms replaced by the single term
   * {@code matchFields metadata.name In [node]}; preferred terms and pod (anti-)affinity stay
   * (util.ReplaceDaemonSetPodNodeNameNodeAffinity). The argument must already be a copy.
   */
  static Affinity replaceNodeNameAffinity(Affinity affinity, String nodeName) {
    NodeSelectorRequirement byName = new NodeSelectorRequirement("metadata.name", "In", new ArrayList<>(List.of(nodeName)));
    NodeSelectorTerm term = new NodeSelectorTerm();
    term.setMatchFields(new ArrayList<>(List.of(byName)));
    Affinity result = affinity == null ? new Affinity() : affinity;
    NodeAffinity nodeAffinity = result.getNodeAffinity() == null ? new NodeAffinity() : result.getNodeAffinity();
    NodeSelector required = nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null
        ? new NodeSelector() : nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
    required.setNodeSelectorTerms(new ArrayList<>(List.of(term)));
    nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(required);
    result.setNodeAffinity(nodeAffinity);
    return result;
  }

  /**
   * Returns the node a daemon pod belongs to: {@code spec.nodeName}, or else the single value of a
   * required {@code matchFields metadata.name In [...]} term (util.GetTargetNodeName).
   */
  public static Optional<String> targetNodeName(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return Optional.empty();
    }
    if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
      return Optional.of(spec.getNodeName());
    }
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return Optional.empty();
    }
    for (NodeSelectorTerm term : NodeFit.orEmpty(spec.getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())) {
      for (NodeSelectorRequirement r : NodeFit.orEmpty(term.getMatchFields())) {
        if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())
            && r.getValues() != null && r.getValues().size() == 1) {
          return Optional.of(r.getValues().get(0));
        }
      }
    }
    return Optional.empty();
  }

  /** Returns whether a pod is bound ({@code spec.nodeName} set). */
  public static boolean isScheduled(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  /** Returns whether a pod carries a deletionTimestamp. */
  public static boolean isTerminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Returns the pod's phase, or "" if none is reported yet. */
  public static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
  }

  /** Returns whether a pod is being deleted and already in a terminal phase. */
  public static boolean isDeletedTerminal(Pod pod) {
    String phase = phase(pod);
    return isTerminating(pod) && ("Failed".equals(phase) || "Succeeded".equals(phase));
  }

  /** Returns the pod's Ready condition, if reported. */
  public static Optional<PodCondition> readyCondition(Pod pod) {
    return Optional.ofNullable(ready(pod));
  }

  /** Returns the pod's Ready condition, or null (a loop: status counts read it for every pod). */
  private static PodCondition ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return condition;
      }
    }
    return null;
  }

  /** Returns whether the pod's Ready condition is True. */
  public static boolean isReady(Pod pod) {
    PodCondition ready = ready(pod);
    return ready != null && "True".equals(ready.getStatus());
  }

  /**
   * Returns whether a pod is available: Ready, and (with {@code minReadySeconds > 0}) Ready since
   * strictly before {@code now - minReadySeconds} (podutil.IsPodAvailable).
   */
  public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
    PodCondition ready = ready(pod);
    if (ready == null || !"True".equals(ready.getStatus())) {
      return false;
    }
    if (minReadySeconds <= 0) {
      return true;
    }
    String since = ready.getLastTransitionTime();
    if (since == null || since.isEmpty()) {
      return false;
    }
    return Instant.parse(since).plus(Duration.ofSeconds(minReadySeconds)).isBefore(now);
  }

  /** Returns the DaemonSet's template generation from its deprecated annotation, if it parses. */
  public static Optional<Long> templateGeneration(DaemonSet ds) {
    Map<String, String> annotations = ds.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(TEMPLATE_GENERATION_ANNOTATION);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns whether a pod is at the current revision: its hash label equals the current hash, or
   * its template-generation label equals the set's template generation (util.IsPodUpdated).
   */
  public static boolean isUpdated(Pod pod, String hash, Optional<Long> generation) {
    return isUpdated(pod, hash, generation.map(String::valueOf).orElse(null));
  }

  /** As {@link #isUpdated(Pod, String, Optional)}, the generation already as its label value (or null). */
  static boolean isUpdated(Pod pod, String hash, String generationLabel) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null) {
      return false;
    }
    return hash != null && !hash.isEmpty() && hash.equals(labels.get(REVISION_HASH_LABEL))
        || generationLabel != null && generationLabel.equals(labels.get(TEMPLATE_GENERATION_LABEL));
  }


  /** Returns the creation time, or {@link Instant#MIN} if the pod has none. */
  static Instant created(Pod pod) {
    String ts = pod.getMetadata().getCreationTimestamp();
    return ts == null || ts.isEmpty() ? Instant.MIN : Instant.parse(ts);
  }

  /**
   * Oldest first: scheduled pods before unscheduled ones, then by creation time, then by name
   * (podByCreationTimestampAndPhase).
   */
  public static final Comparator<Pod> OLDEST_FIRST = Comparator
      .comparing((Pod p) -> !isScheduled(p))
      .thenComparing(DaemonPods::created)
      .thenComparing(p -> p.getMetadata().getName());
}
