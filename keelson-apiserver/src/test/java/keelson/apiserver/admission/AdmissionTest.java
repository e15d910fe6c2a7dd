package keelson.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import keelson.api.registry.BuiltinResources;
import keelson.apiserver.rest.Json;
import keelson.apiserver.watch.WatchCache;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static ObjectNode storageClass(String name, String created, boolean isDefault) {
    ObjectNode sc = Json.object().put("apiVersion", "storage.k8s.io/v1").put("kind", "StorageClass");
    ObjectNode meta = sc.putObject("metadata").put("name", name).put("creationTimestamp", created);
    if (isDefault) {
      meta.putObject("annotations").put("storageclass.kubernetes.io/is-default-class", "true");
    }
    return sc;
  }

  @Test
  void aClaimWithoutClassGetsTheNewestDefaultButAnExplicitEmptyClassStaysEmpty() throws Exception {
    try (MemoryStore store = new MemoryStore()) {
      store.create("/registry/storageclasses/standard", Json.bytes(storageClass("standard", "2026-01-01T00:00:00Z", true)));
      store.create("/registry/storageclasses/fast", Json.bytes(storageClass("fast", "2026-02-01T00:00:00Z", true)));
      store.create("/registry/storageclasses/slow", Json.bytes(storageClass("slow", "2026-03-01T00:00:00Z", false)));
      WatchCache cache = new WatchCache(store, BuiltinResources.ALL, 100);
      cache.start();
      DefaultStorageClass admission = new DefaultStorageClass(cache);

      ObjectNode claim = Json.object();
      claim.putObject("spec");
      admission.admitCreate(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, claim, null);
      ObjectNode noClass = Json.object();
      noClass.putObject("spec").put("storageClassName", "");
      admission.admitCreate(BuiltinResources.PERSISTENT_VOLUME_CLAIMS, noClass, null);

      assertThat(claim.at("/spec/storageClassName").asText()).isEqualTo("fast");
      assertThat(noClass.at("/spec/storageClassName").asText()).isEmpty();
      cache.close();
    }
  }

  @Test
  void aPodGetsTheDefaultServiceAccountAndTimedTolerations() {
    ObjectNode pod = Json.object();
    pod.putObject("spec").putArray("tolerations").addObject()
        .put("key", "node.kubernetes.io/unreachable").put("operator", "Exists").put("effect", "NoExecute");

    new PodDefaults().admitCreate(BuiltinResources.PODS, pod, null);

    assertThat(pod.at("/spec/serviceAccountName").asText()).isEqualTo("default");
    assertThat(pod.at("/spec/tolerations").toString()).isEqualTo("[{\"key\":\"node.kubernetes.io/unreachable\","
        + "\"operator\":\"Exists\",\"effect\":\"NoExecute\"},{\"key\":\"node.kubernetes.io/not-ready\","
        + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");
  }

  @Test
  void aPodGetsItsTokenVolumeMountedEverywhereAndPriorityZero() {
    ObjectNode pod = Json.object();
    ObjectNode spec = pod.putObject("spec");
    spec.putArray("initContainers").addObject().put("name", "init");
    spec.putArray("containers").addObject().put("name", "web");

    new PodDefaults(new java.util.Random(1)).admitCreate(BuiltinResources.PODS, pod, null);

    String volume = pod.at("/spec/volumes/0/name").asText();
    assertThat(volume).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(pod.at("/spec/volumes/0/projected/sources/0/serviceAccountToken/expirationSeconds").asLong()).isEqualTo(3607);
    assertThat(pod.at("/spec/volumes/0/projected/sources/1/configMap/name").asText()).isEqualTo("kube-root-ca.crt");
    assertThat(pod.at("/spec/volumes/0/projected/sources/2/downwardAPI/items/0/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.namespace");
    for (String path : new String[] {"/spec/initContainers/0", "/spec/containers/0"}) {
      assertThat(pod.at(path + "/volumeMounts/0").toString()).isEqualTo("{\"name\":\"" + volume
          + "\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}");
    }
    assertThat(pod.at("/spec/priority").asInt(-1)).isZero();
    assertThat(pod.at("/spec/preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
  }

  @Test
  void aPodThatOptsOutOrMountsThePathItselfGetsNoTokenVolume() {
    ObjectNode optOut = Json.object();
    optOut.putObject("spec").put("automountServiceAccountToken", false).putArray("containers").addObject().put("name", "a");
    ObjectNode own = Json.object();
    own.putObject("spec").putArray("containers").addObject().put("name", "a").putArray("volumeMounts").addObject()
        .put("name", "mine").put("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount");

    new PodDefaults().admitCreate(BuiltinResources.PODS, optOut, null);
    new PodDefaults().admitCreate(BuiltinResources.PODS, own, null);

    assertThat(optOut.at("/spec/volumes").isMissingNode()).isTrue();
    assertThat(own.at("/spec/volumes").isMissingNode()).isTrue();
    assertThat(own.at("/spec/containers/0/volumeMounts").size()).isEqualTo(1);
  }

  @Test
  void aNewNodeIsTaintedNotReadyNoScheduleOnce() {
    ObjectNode node = Json.object();
    node.putObject("spec").putArray("taints").addObject().put("key", "dedicated").put("value", "infra")
        .put("effect", "NoExecute");

    new NewNodeTaint().admitCreate(BuiltinResources.NODES, node, null);
    new NewNodeTaint().admitCreate(BuiltinResources.NODES, node, null);

    assertThat(node.at("/spec/taints").toString()).isEqualTo("[{\"key\":\"dedicated\",\"value\":\"infra\","
        + "\"effect\":\"NoExecute\"},{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule\"}]");
  }

  @Test
  void aNodeWithoutSpecGetsTheTaintAndOtherKindsDoNot() {
    ObjectNode node = Json.object();
    ObjectNode pod = Json.object();

    new NewNodeTaint().admitCreate(BuiltinResources.NODES, node, null);
    new NewNodeTaint().admitCreate(BuiltinResources.PODS, pod, null);

    assertThat(node.at("/spec/taints").toString())
        .isEqualTo("[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule\"}]");
    assertThat(pod.has("spec")).isFalse();
  }
}
