package keelson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * §9 scenarios 17–22, 73 and 74 with the real kubectl: claims from volumeClaimTemplates, their
 * binding, their survival and re-use, retention policies, pvc-protection, and the storage tables.
 * Order across kinds is read from resourceVersions, which one store hands out in commit order.
 */
class StatefulSetStorageIT extends ClusterScenarios {

  private static long rv(JsonNode event) {
    return Long.parseLong(event.path("object").path("metadata").path("resourceVersion").asText());
  }

  private static JsonNode first(Events events, Predicate<JsonNode> match) {
    int i = events.indexOf(match);
    assertThat(i).isGreaterThanOrEqualTo(0);
    return events.snapshot().get(i);
  }

  private List<String> claimNames(String ns) {
    String names = k(ns, "get", "pvc", "-o", "jsonpath={.items[*].metadata.name}");
    return names.isEmpty() ? List.of() : List.of(names.split(" "));
  }

  private Map<String, String> volumes(String ns) {
    Map<String, String> volumes = new HashMap<>();
    for (JsonNode claim : json(ns, "pvc").path("items")) {
      volumes.put(name(claim), claim.path("spec").path("volumeName").asText());
    }
    return volumes;
  }

  @Test
  void claimsAreCreatedBeforeTheirPodsAndBindOnceThePodIsScheduled() {
    String ns = namespace();
    try (Events claims = watchEvents(ns, "pvc"); Events pods = watchEvents(ns, "pods")) {
      // Both watches are established once they have seen a throwaway claim and pod.
      apply(ns, """
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata: {name: sentinel}
          spec:
            accessModes: [ReadWriteOnce]
            resources: {requests: {storage: 1Mi}}
          """);
      sentinelPod(ns);
      claims.await(named("sentinel"));
      pods.await(named("sentinel"));

      apply(ns, new Sts().replicas(2).claimLabels("{tier: db}").yaml());
      eventually().until(() -> allHealthy(ns, "web-0", "web-1")
          && k(ns, "get", "pvc", "-l", "app=nginx", "-o", "jsonpath={.items[*].status.phase}").equals("Bound Bound"));
      for (String ordinal : List.of("0", "1")) {
        JsonNode claimAdded = first(claims, e -> e.path("type").asText().equals("ADDED")
            && name(e.path("object")).equals("www-web-" + ordinal));
        JsonNode podAdded = first(pods, e -> e.path("type").asText().equals("ADDED")
            && name(e.path("object")).equals("web-" + ordinal));
        assertThat(rv(claimAdded)).as("www-web-%s before web-%s", ordinal, ordinal).isLessThan(rv(podAdded));
        assertThat(claimAdded.path("object").path("status").path("phase").asText()).isEqualTo("Pending");
        JsonNode bound = first(claims, e -> name(e.path("object")).equals("www-web-" + ordinal)
            && e.path("object").path("status").path("phase").asText().equals("Bound"));
        // As the scheduler's VolumeBinding plugin does: pick a node (selected-node on the claim), wait
        // for the claim to be provisioned and bound, then bind the pod.
        JsonNode selected = first(claims, e -> name(e.path("object")).equals("www-web-" + ordinal)
            && e.path("object").path("metadata").path("annotations").has("volume.kubernetes.io/selected-node"));
        JsonNode scheduled = first(pods, e -> name(e.path("object")).equals("web-" + ordinal)
            && !e.path("object").path("spec").path("nodeName").asText().isEmpty());
        assertThat(rv(bound)).as("bound only after a node was selected for its pod").isGreaterThan(rv(selected));
        // The scheduler waits for the claim to have its volume (spec.volumeName), as kube-scheduler's
        // VolumeBinding does; the claim's status may turn Bound a moment after the pod is bound.
        JsonNode volumeSet = first(claims, e -> name(e.path("object")).equals("www-web-" + ordinal)
            && !e.path("object").path("spec").path("volumeName").asText().isEmpty());
        assertThat(rv(scheduled)).as("the pod is bound after its claim got its volume").isGreaterThan(rv(volumeSet));
      }
    }

    for (JsonNode claim : json(ns, "pvc", "-l", "app=nginx").path("items")) {
      assertThat(claim.path("spec").path("volumeName").asText()).isEqualTo("pvc-" + claim.path("metadata").path("uid").asText());
      // Scenario 18: template labels plus selector.matchLabels, no owners under the default policy.
      assertThat(claim.path("metadata").path("labels").properties()).hasSize(2);
      assertThat(claim.path("metadata").path("labels").path("tier").asText()).isEqualTo("db");
      assertThat(claim.path("metadata").path("labels").path("app").asText()).isEqualTo("nginx");
      assertThat(claim.path("metadata").has("ownerReferences")).isFalse();
      assertThat(claim.path("metadata").path("annotations").path("volume.kubernetes.io/selected-node").asText())
          .isEqualTo(json(ns, "pod", name(claim).substring("www-".length())).path("spec").path("nodeName").asText());
    }
    String pvcs = k(ns, "get", "pvc", "-l", "app=nginx");
    assertHeader(pvcs, "NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE");
    assertThat(pvcs).containsPattern("www-web-0\\s+Bound\\s+pvc-[0-9a-f-]{36}\\s+1Gi\\s+RWO\\s+standard\\s+<unset>\\s+\\d+s\n")
        .containsPattern("www-web-1\\s+Bound\\s+pvc-[0-9a-f-]{36}\\s+1Gi\\s+RWO\\s+standard\\s+<unset>\\s+\\d+s\n");

    // Scenario 73: kubectl get pv.
    String pvs = kubectl.run("get", "pv").ok();
    assertHeader(pvs, "NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS", "REASON", "AGE");
    assertThat(pvs).containsPattern("pvc-[0-9a-f-]{36}\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+" + ns
        + "/www-web-0\\s+standard\\s+<unset>\\s+\\d+s\n");

    // Scenario 74: kubectl get sc.
    String classes = kubectl.run("get", "sc").ok();
    assertHeader(classes, "NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE");
    assertThat(classes).containsPattern("standard \\(default\\)\\s+keelson.dev/local-path\\s+Delete\\s+WaitForFirstConsumer\\s+false\\s+");
  }

  @Test
  void claimsSurviveAScaleDownAndAreReusedOnScaleUp() {
    String ns = namespace();
    apply(ns, new Sts().yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    eventually().until(() -> volumes(ns).values().stream().noneMatch(String::isEmpty) && volumes(ns).size() == 3);
    Map<String, String> before = volumes(ns);
    k(ns, "scale", "sts", "web", "--replicas=1");
    eventually().until(() -> podNames(ns, "app=nginx").equals(List.of("web-0")));
    assertThat(k(ns, "get", "pvc", "-o", "jsonpath={.items[*].status.phase}")).isEqualTo("Bound Bound Bound");
    k(ns, "scale", "sts", "web", "--replicas=3");
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    assertThat(volumes(ns)).isEqualTo(before);
    assertThat(k(ns, "get", "pod", "web-2", "-o",
        "jsonpath={.spec.volumes[?(@.name==\"www\")].persistentVolumeClaim.claimName}")).isEqualTo("www-web-2");
  }

  @Test
  void whenScaledDeleteGivesCondemnedClaimsToTheirPodsAndTheyGoWithThem() {
    String ns = namespace();
    apply(ns, new Sts().retention("{whenScaled: Delete, whenDeleted: Retain}").grace(1)
        .annotations("{keelson.dev/termination: ignore-sigterm}").yaml());
    eventually().until(() -> allHealthy(ns, "web-0", "web-1", "web-2"));
    eventually().until(() -> claimNames(ns).size() == 3);
    Map<String, String> podUids = new HashMap<>();
    for (JsonNode pod : json(ns, "pods", "-l", "app=nginx").path("items")) {
      podUids.put(name(pod), pod.path("metadata").path("uid").asText());
    }
    try (Events claims = watchEvents(ns, "pvc"); Events pods = watchEvents(ns, "pods")) {
      claims.await(named("www-web-0"));
      pods.await(named("web-0"));
      k(ns, "scale", "sts", "web", "--replicas=1");
      eventually().until(() -> claimNames(ns).equals(List.of("www-web-0")));
      for (String ordinal : List.of("2", "1")) {
        JsonNode owned = first(claims, e -> name(e.path("object")).equals("www-web-" + ordinal)
            && e.path("object").path("metadata").path("ownerReferences").path(0).path("kind").asText().equals("Pod"));
        JsonNode owner = owned.path("object").path("metadata").path("ownerReferences").path(0);
        assertThat(owner.path("name").asText()).isEqualTo("web-" + ordinal);
        assertThat(owner.path("uid").asText()).isEqualTo(podUids.get("web-" + ordinal));
        assertThat(owner.path("controller").asBoolean()).isTrue();
        JsonNode terminating = first(pods, e -> name(e.path("object")).equals("web-" + ordinal)
            && e.path("object").path("metadata").has("deletionTimestamp"));
        assertThat(rv(owned)).as("www-web-%s owned by its pod before the pod is deleted", ordinal)
            .isLessThan(rv(terminating));
      }
    }
    JsonNode kept = json(ns, "pvc", "www-web-0");
    assertThat(kept.path("metadata").has("ownerReferences")).isFalse();
  }

  @Test
  void whenDeletedDeleteTiesClaimsToTheSetUnlessItIsOrphaned() {
    String ns = namespace();
    String manifest = new Sts().replicas(2).retention("{whenScaled: Retain, whenDeleted: Delete}").yaml();
    apply(ns, manifest);
    eventually().until(() -> allHealthy(ns, "web-0", "web-1") && claimNames(ns).size() == 2);
    String setUid = k(ns, "get", "sts", "web", "-o", "jsonpath={.metadata.uid}");
    eventually().until(() -> {
      for (JsonNode claim : json(ns, "pvc").path("items")) {
        JsonNode owner = claim.path("metadata").path("ownerReferences").path(0);
        if (!owner.path("kind").asText().equals("StatefulSet") || !owner.path("uid").asText().equals(setUid)) {
          return false;
        }
      }
      return true;
    });
    assertThat(k(ns, "delete", "sts", "web", "--cascade=orphan")).isEqualTo("statefulset.apps \"web\" deleted\n");
    eventually().until(() -> json(ns, "pvc").path("items").findValues("ownerReferences").isEmpty());
    assertThat(claimNames(ns)).containsExactly("www-web-0", "www-web-1");

    // Re-applied, the set adopts its pods and owns the claims again; a cascading delete takes them.
    apply(ns, manifest);
    eventually().until(() -> json(ns, "pvc").path("items").findValues("ownerReferences").size() == 2);
    k(ns, "delete", "sts", "web");
    eventually().until(() -> claimNames(ns).isEmpty() && podNames(ns, "app=nginx").isEmpty());
  }

  @Test
  void aClaimInUseStaysTerminatingUntilItsPodIsGone() {
    String ns = namespace();
    apply(ns, new Sts().replicas(1).yaml());
    eventually().until(() -> allHealthy(ns, "web-0")
        && k(ns, "get", "pvc", "www-web-0", "-o", "jsonpath={.status.phase}").equals("Bound"));
    JsonNode old = json(ns, "pvc", "www-web-0");
    assertThat(k(ns, "delete", "pvc", "www-web-0", "--wait=false"))
        .isEqualTo("persistentvolumeclaim \"www-web-0\" deleted\n");
    JsonNode terminating = json(ns, "pvc", "www-web-0");
    assertThat(terminating.path("metadata").path("finalizers").toString()).contains("kubernetes.io/pvc-protection");
    assertThat(k(ns, "get", "pvc", "www-web-0")).containsPattern("www-web-0\\s+Terminating\\s+pvc-");

    try (Events claims = watchEvents(ns, "pvc"); Events pods = watchEvents(ns, "pods")) {
      claims.await(named("www-web-0"));
      pods.await(named("web-0"));
      String podUid = k(ns, "get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}");
      k(ns, "delete", "pod", "web-0", "--wait=false");
      eventually().until(() -> allHealthy(ns, "web-0")
          && !k(ns, "get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}").equals(podUid)
          && k(ns, "get", "pvc", "www-web-0", "-o", "jsonpath={.status.phase}").equals("Bound"));
      JsonNode claimGone = first(claims, e -> e.path("type").asText().equals("DELETED"));
      JsonNode newClaim = first(claims, e -> e.path("type").asText().equals("ADDED") && rv(e) > rv(claimGone));
      JsonNode newPod = first(pods, e -> e.path("type").asText().equals("ADDED")
          && !e.path("object").path("metadata").path("uid").asText().equals(podUid));
      assertThat(rv(newPod)).as("no new web-0 while the old claim exists").isGreaterThan(rv(claimGone));
      assertThat(rv(newClaim)).as("the fresh claim before the new pod").isLessThan(rv(newPod));
    }
    JsonNode fresh = json(ns, "pvc", "www-web-0");
    assertThat(fresh.path("metadata").path("uid").asText()).isNotEqualTo(old.path("metadata").path("uid").asText());
    assertThat(fresh.path("spec").path("volumeName").asText()).isNotEqualTo(old.path("spec").path("volumeName").asText());
  }
}
