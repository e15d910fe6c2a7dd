package keelson.controllers.statefulset;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import keelson.api.selectors.LabelSelector;
import keelson.controllers.runtime.Keys;
import keelson.controllers.runtime.OwnerReferences;
import keelson.controllers.runtime.PermanentError;

/**
 * Pure helpers about one set and its pods: ordinals, names, identity, storage, health, and the
 * claim ownership a retention policy asks for (upstream's {@code stateful_set_utils.go}).
 */
public final class StatefulPods {
  /** The label naming the pod (a Service can select one pod with it). */
  public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  /** The label carrying the pod's ordinal. */
  public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
  /** The label carrying the full name of the pod's ControllerRevision. */
  public static final String REVISION_LABEL = "controller-revision-hash";

  public static final String PARALLEL = "Parallel";
  public static final String ON_DELETE = "OnDelete";
  public static final String ROLLING_UPDATE = "RollingUpdate";
  public static final String RETAIN = "Retain";
  public static final String DELETE = "Delete";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatefulPods() {}

  /**
   * Returns the ordinal a pod name ends with, or -1 if it has none (or it does not fit in an int32).
   * The name must read {@code <parent>-<digits>} as upstream's {@code ^(.*)-([0-9]+)$}; parsed by
   * hand because every sync looks at every pod of the set, several times.
   */
  public static int ordinal(String podName) {
    int dash = memberDash(podName);
    if (dash < 0) {
      return -1;
    }
    try {
      return Integer.parseInt(podName, dash + 1, podName.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Returns the index of the dash that splits a name as {@code ^(.*)-([0-9]+)$} does, or -1 when the
   * pattern does not match: the last dash, followed by one or more ASCII digits to the end, with no
   * line terminator before it (the pattern's {@code .} does not match one).
   */
  static int memberDash(String name) {
    int dash = name.lastIndexOf('-');
    if (dash < 0 || dash == name.length() - 1) {
      return -1;
    }
    for (int i = dash + 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    for (int i = 0; i < dash; i++) {
      char c = name.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return -1;
      }
    }
    return dash;
  }

  /** Returns the ordinal of a pod, or -1. */
  public static int ordinal(Pod pod) {
    return ordinal(pod.getMetadata().getName());
  }

  /** Returns the set name a pod name parses to, or the empty string. */
  public static String parentName(String podName) {
    int dash = memberDash(podName);
    return dash < 0 ? "" : podName.substring(0, dash);
  }

  /** Returns whether a pod's name parses as {@code <set>-<ordinal>} of this set. */
  public static boolean isMemberOf(StatefulSet set, Pod pod) {
    String name = pod.getMetadata().getName();
    String setName = set.getMetadata().getName();
    // <set>-<digits>: the dash right after the set's name is the one the pattern splits at.
    return memberDash(name) == setName.length() && name.startsWith(setName) && ordinal(name) >= 0;
  }

  /** Returns {@code spec.ordinals.start}, 0 when absent. */
  public static int startOrdinal(StatefulSet set) {
    if (set.getSpec().getOrdinals() == null || set.getSpec().getOrdinals().getStart() == null) {
      return 0;
    }
    return set.getSpec().getOrdinals().getStart();
  }

  /** Returns {@code spec.replicas}, 1 when absent (the API default). */
  public static int replicas(StatefulSet set) {
    return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
  }

  /** Returns the last ordinal of the managed range (start - 1 when replicas is 0). */
  public static int endOrdinal(StatefulSet set) {
    return startOrdinal(set) + replicas(set) - 1;
  }

  /** Returns whether an ordinal is inside {@code [start, start+replicas-1]}. */
  public static boolean inOrdinalRange(StatefulSet set, int ordinal) {
    return ordinal >= startOrdinal(set) && ordinal <= endOrdinal(set);
  }

  /** Returns the name of the pod with an ordinal: {@code <set>-<ordinal>}. */
  public static String podName(StatefulSet set, int ordinal) {
    return set.getMetadata().getName() + "-" + ordinal;
  }

  /** Returns the claim name of a template for an ordinal: {@code <template>-<set>-<ordinal>}. */
  public static String claimName(StatefulSet set, String templateName, int ordinal) {
    return templateName + "-" + set.getMetadata().getName() + "-" + ordinal;
  }

  /** Returns whether the set creates pods in parallel (not monotonic). */
  public static boolean isParallel(StatefulSet set) {
    return PARALLEL.equals(set.getSpec().getPodManagementPolicy());
  }

  /** Returns the update strategy type, RollingUpdate when absent. */
  public static String updateStrategy(StatefulSet set) {
    if (set.getSpec().getUpdateStrategy() == null || set.getSpec().getUpdateStrategy().getType() == null) {
      return ROLLING_UPDATE;
    }
    return set.getSpec().getUpdateStrategy().getType();
  }

  /** Returns the rolling-update partition, or null when there is no {@code rollingUpdate} block. */
  public static Integer partition(StatefulSet set) {
    var strategy = set.getSpec().getUpdateStrategy();
    if (strategy == null || strategy.getRollingUpdate() == null) {
      return null;
    }
    Integer partition = strategy.getRollingUpdate().getPartition();
    return partition == null ? 0 : partition;
  }

  /** Returns {@code spec.minReadySeconds}, 0 when absent. */
  public static int minReadySeconds(StatefulSet set) {
    return set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
  }

  /** Returns {@code whenScaled} of the retention policy, Retain when absent. */
  public static String whenScaled(StatefulSet set) {
    var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
    return policy == null || policy.getWhenScaled() == null ? RETAIN : policy.getWhenScaled();
  }

  /** Returns {@code whenDeleted} of the retention policy, Retain when absent. */
  public static String whenDeleted(StatefulSet set) {
    var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
    return policy == null || policy.getWhenDeleted() == null ? RETAIN : policy.getWhenDeleted();
  }

  // ---- pod state ----

  /** Returns whether the API server has the pod (its phase is set). */
  public static boolean isCreated(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getPhase() != null && !pod.getStatus().getPhase().isEmpty();
  }

  public static boolean isPending(Pod pod) {
    return "Pending".equals(phase(pod));
  }

  public static boolean isFailed(Pod pod) {
    return "Failed".equals(phase(pod));
  }

  public static boolean isSucceeded(Pod pod) {
    return "Succeeded".equals(phase(pod));
  }

  /** Returns whether the pod has a deletionTimestamp. */
  public static boolean isTerminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Returns whether the pod is Running with condition Ready=True. */
  public static boolean isRunningAndReady(Pod pod) {
    return "Running".equals(phase(pod)) && readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Returns whether the pod is Running and Ready and not terminating. */
  public static boolean isHealthy(Pod pod) {
    return isRunningAndReady(pod) && !isTerminating(pod);
  }

  /**
   * Returns whether the pod is Running and has been Ready for longer than {@code minReadySeconds}
   * at {@code now} (strictly after, as {@code podutil.IsPodAvailable}).
   */
  public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isRunningAndReady(pod)) {
      return false;
    }
    if (minReadySeconds == 0) {
      return true;
    }
    return readySince(pod).map(since -> since.plusSeconds(minReadySeconds).isBefore(now)).orElse(false);
  }

  /** Returns when the pod's Ready condition last changed, if known. */
  public static Optional<Instant> readySince(Pod pod) {
    return readyCondition(pod).map(PodCondition::getLastTransitionTime).filter(t -> !t.isEmpty())
        .map(t -> OffsetDateTime.parse(t).toInstant());
  }

  /** Returns how long until a Ready pod becomes available, if it is Ready but not yet available. */
  public static Optional<Duration> untilAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (minReadySeconds == 0 || !isRunningAndReady(pod) || isAvailable(pod, minReadySeconds, now)) {
      return Optional.empty();
    }
    return readySince(pod).map(since -> Duration.between(now, since.plusSeconds(minReadySeconds)));
  }

  /** Returns the revision name a pod is labelled with, or the empty string. */
  public static String revisionOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? "" : labels.getOrDefault(REVISION_LABEL, "");
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static Optional<PodCondition> readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  // ---- identity and storage ----

  /**
   * Returns whether a pod's identity matches its set: name, namespace, and the pod-name label. (A
   * missing pod-index label alone is not repaired, as upstream.)
   */
  public static boolean identityMatches(StatefulSet set, Pod pod) {
    String name = pod.getMetadata().getName();
    String setName = set.getMetadata().getName();
    int dash = memberDash(name);
    Map<String, String> labels = pod.getMetadata().getLabels();
    // Checked without building strings: a sync asks this of every pod. The name must be exactly
    // podName(set, ordinal): the set's name, a dash, and the ordinal without leading zeros.
    return dash == setName.length() && name.startsWith(setName) && ordinal(name) >= 0
        && (name.length() - dash == 2 || name.charAt(dash + 1) != '0')
        && Objects.equals(pod.getMetadata().getNamespace(), set.getMetadata().getNamespace())
        && labels != null && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL));
  }

  /** Returns whether a pod's volumes include every claim of the set's templates, with the right claim names. */
  public static boolean storageMatches(StatefulSet set, Pod pod) {
    int ordinal = ordinal(pod);
    if (ordinal < 0) {
      return false;
    }
    if (claimTemplates(set).isEmpty()) {
      return true;
    }
    Map<String, Volume> volumes = new LinkedHashMap<>();
    if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
      pod.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
    }
    for (PersistentVolumeClaim template : claimTemplates(set)) {
      Volume volume = volumes.get(template.getMetadata().getName());
      if (volume == null || volume.getPersistentVolumeClaim() == null
          || !claimName(set, template.getMetadata().getName(), ordinal)
              .equals(volume.getPersistentVolumeClaim().getClaimName())) {
        return false;
      }
    }
    return true;
  }

  /** Returns a copy of a pod with its identity labels (pod-name, pod-index) and claim volumes repaired. */
  public static Pod repaired(StatefulSet set, Pod pod) {
    Pod copy = new PodBuilder(pod).build();
    if (!identityMatches(set, copy)) {
      setIdentityLabels(set, copy);
    }
    if (!storageMatches(set, copy)) {
      copy.getSpec().setVolumes(volumesWithClaims(set, ordinal(copy), copy.getSpec().getVolumes()));
    }
    return copy;
  }

  /** Returns the set's volumeClaimTemplates (never null). */
  public static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
    return set.getSpec().getVolumeClaimTemplates() == null ? List.of() : set.getSpec().getVolumeClaimTemplates();
  }

  /**
   * Returns the names of the claims a pod of this ordinal uses, in template order (the names of
   * {@link #claimsFor}, without building the claims: most syncs only look existing ones up).
   */
  public static List<String> claimNames(StatefulSet set, int ordinal) {
    List<PersistentVolumeClaim> templates = claimTemplates(set);
    if (templates.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>(templates.size());
    for (PersistentVolumeClaim template : templates) {
      names.add(claimName(set, template.getMetadata().getName(), ordinal));
    }
    return names;
  }

  /**
   * Returns the claims a pod of this ordinal uses, keyed by template name in template order: named
   * {@code <template>-<set>-<ordinal>}, in the set's namespace, labelled with the template's labels
   * overwritten by {@code selector.matchLabels}, spec and annotations from the template.
   */
  public static Map<String, PersistentVolumeClaim> claimsFor(StatefulSet set, int ordinal) {
    Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
    Map<String, String> matchLabels = set.getSpec().getSelector() == null
        || set.getSpec().getSelector().getMatchLabels() == null ? Map.of() : set.getSpec().getSelector().getMatchLabels();
    for (PersistentVolumeClaim template : claimTemplates(set)) {
      String templateName = template.getMetadata().getName();
      Map<String, String> labels = new LinkedHashMap<>();
      if (template.getMetadata().getLabels() != null) {
        labels.putAll(template.getMetadata().getLabels());
      }
      labels.putAll(matchLabels);
      ObjectMeta meta = new ObjectMetaBuilder()
          .withName(claimName(set, templateName, ordinal))
          .withNamespace(set.getMetadata().getNamespace())
          .withLabels(labels)
          .withAnnotations(template.getMetadata().getAnnotations() == null ? null
              : new LinkedHashMap<>(template.getMetadata().getAnnotations()))
          .build();
      PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
          .withApiVersion("v1").withKind("PersistentVolumeClaim")
          .withMetadata(meta)
          .withSpec(template.getSpec() == null ? null
              : new io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder(template.getSpec()).build())
          .build();
      claims.put(templateName, claim);
    }
    return claims;
  }

  /**
   * Returns a new (not yet created) pod for an ordinal from a template: the template's labels and
   * annotations, {@code generateName: <set>-}, a controller reference to the set, name, identity
   * labels, hostname/subdomain, claim volumes and the revision label.
   */
  public static Pod newPod(StatefulSet set, PodTemplateSpec template, int ordinal, String revisionName) {
    ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (templateMeta.getLabels() != null) {
      labels.putAll(templateMeta.getLabels());
    }
    PodSpec spec = template.getSpec() == null ? new PodSpec() : new PodSpecBuilder(template.getSpec()).build();
    Pod pod = new PodBuilder()
        .withApiVersion("v1").withKind("Pod")
        .withMetadata(new ObjectMetaBuilder()
            .withName(podName(set, ordinal))
            .withGenerateName(set.getMetadata().getName() + "-")
            .withNamespace(set.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(templateMeta.getAnnotations() == null ? null
                : new LinkedHashMap<>(templateMeta.getAnnotations()))
            .withFinalizers(templateMeta.getFinalizers() == null || templateMeta.getFinalizers().isEmpty() ? null
                : new ArrayList<>(templateMeta.getFinalizers()))
            .withOwnerReferences(setReference(set))
            .build())
        .withSpec(spec)
        .build();
    setIdentityLabels(set, pod);
    pod.getSpec().setHostname(pod.getMetadata().getName());
    pod.getSpec().setSubdomain(set.getSpec().getServiceName());
    pod.getSpec().setVolumes(volumesWithClaims(set, ordinal, pod.getSpec().getVolumes()));
    pod.getMetadata().getLabels().put(REVISION_LABEL, revisionName);
    return pod;
  }

  private static void setIdentityLabels(StatefulSet set, Pod pod) {
    int ordinal = ordinal(pod);
    if (pod.getMetadata().getLabels() == null) {
      pod.getMetadata().setLabels(new LinkedHashMap<>());
    } else {
      pod.getMetadata().setLabels(new LinkedHashMap<>(pod.getMetadata().getLabels()));
    }
    pod.getMetadata().getLabels().put(POD_NAME_LABEL, podName(set, ordinal));
    pod.getMetadata().getLabels().put(POD_INDEX_LABEL, Integer.toString(ordinal));
  }

  /** Claim volumes first (template order), then the pod's other volumes not named like a template. */
  private static List<Volume> volumesWithClaims(StatefulSet set, int ordinal, List<Volume> current) {
    Map<String, PersistentVolumeClaim> claims = claimsFor(set, ordinal);
    List<Volume> volumes = new ArrayList<>();
    claims.forEach((templateName, claim) -> volumes.add(new VolumeBuilder()
        .withName(templateName)
        .withNewPersistentVolumeClaim(claim.getMetadata().getName(), false)
        .build()));
    if (current != null) {
      for (Volume v : current) {
        if (!claims.containsKey(v.getName())) {
          volumes.add(v);
        }
      }
    }
    return volumes.isEmpty() ? null : volumes;
  }

  // ---- owner references on claims (retention policy) ----

  /** Returns the controller reference to the set ({@code apps/v1 StatefulSet}). */
  public static OwnerReference setReference(StatefulSet set) {
    return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
        .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  /** Returns the controller reference to a pod ({@code v1 Pod}). */
  public static OwnerReference podReference(Pod pod) {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  /** Returns whether an object has an owner reference with the owner's UID. */
  public static boolean hasOwnerReference(HasMetadata object, HasMetadata owner) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
  }

  /** Returns whether an object refers to an owner of this kind and name but another UID (a stale reference). */
  public static boolean hasStaleOwnerReference(HasMetadata object, String kind, String name, String uid) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> kind.equals(r.getKind()) && name.equals(r.getName())
        && !Objects.equals(uid, r.getUid()));
  }

  /**
   * Returns the claim with its owner references brought in line with the retention policy for the
   * pod that uses it (§1.4 table), or empty when nothing needs to change. Claims with a stale
   * reference to the set or pod are left alone.
   */
  public static Optional<PersistentVolumeClaim> claimWithPolicyOwners(StatefulSet set, Pod pod,
      PersistentVolumeClaim claim) {
    if (hasStaleOwnerReference(claim, "StatefulSet", set.getMetadata().getName(), set.getMetadata().getUid())
        || (pod.getMetadata().getUid() != null
            && hasStaleOwnerReference(claim, "Pod", pod.getMetadata().getName(), pod.getMetadata().getUid()))) {
      return Optional.empty();
    }
    boolean scaledDown = !inOrdinalRange(set, ordinal(pod));
    boolean wantSet = DELETE.equals(whenDeleted(set)) && !(scaledDown && DELETE.equals(whenScaled(set)));
    boolean wantPod = scaledDown && DELETE.equals(whenScaled(set)) && pod.getMetadata().getUid() != null;
    List<OwnerReference> refs = claim.getMetadata().getOwnerReferences() == null ? new ArrayList<>()
        : new ArrayList<>(claim.getMetadata().getOwnerReferences());
    boolean changed = false;
    boolean hasSet = hasOwnerReference(claim, set);
    if (wantSet && !hasSet) {
      refs.add(setReference(set));
      changed = true;
    } else if (!wantSet && hasSet) {
      refs.removeIf(r -> Objects.equals(r.getUid(), set.getMetadata().getUid()));
      changed = true;
    }
    boolean hasPod = pod.getMetadata().getUid() != null && hasOwnerReference(claim, pod);
    if (wantPod && !hasPod) {
      refs.add(podReference(pod));
      changed = true;
    } else if (!wantPod && hasPod) {
      refs.removeIf(r -> Objects.equals(r.getUid(), pod.getMetadata().getUid()));
      changed = true;
    }
    if (!changed) {
      return Optional.empty();
    }
    PersistentVolumeClaim copy = new PersistentVolumeClaimBuilder(claim).build();
    copy.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
    return Optional.of(copy);
  }

  /** Returns whether an object is controlled by the set (by UID). */
  public static boolean isControlledBy(HasMetadata object, StatefulSet set) {
    return OwnerReferences.isControlledBy(object, set);
  }

  /**
   * Returns the set's label selector.
   *
   * @throws PermanentError when it is empty or invalid: such a set selects and adopts nothing
   */
  static LabelSelector selectorOf(StatefulSet set) {
    try {
      LabelSelector selector = LabelSelector.fromJson(MAPPER.valueToTree(set.getSpec().getSelector()));
      if (selector.isEmpty() || selector.isNothing()) {
        throw new PermanentError("statefulset " + Keys.of(set) + " has an empty selector");
      }
      return selector;
    } catch (IllegalArgumentException e) {
      throw new PermanentError("statefulset " + Keys.of(set) + " has an invalid selector: " + e.getMessage());
    }
  }

  /** Returns an object's labels, empty when it has none. */
  static Map<String, String> labels(HasMetadata object) {
    return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
  }
}
