package keelson.controllers.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControllerRevisionsTest {
  /**
   * A revision kube-controller-manager 1.33 wrote, from kubernetes/kubernetes
   * pkg/controller/statefulset/testdata/compatibility_revision_1.33.0.json: set "test", collision
   * count 0, name test-c77f6d978.
   */
  static final String UPSTREAM_DATA = "{\"spec\":{\"template\":{\"$patch\":\"replace\",\"metadata\":{\"annotations\":"
      + "{\"test\":\"value\"},\"creationTimestamp\":null,\"labels\":{\"app\":\"foo\"}},\"spec\":{\"containers\":"
      + "[{\"image\":\"test\",\"imagePullPolicy\":\"Always\",\"name\":\"test\",\"resources\":{},"
      + "\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],"
      + "\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"schedulerName\":\"default-scheduler\","
      + "\"securityContext\":{},\"terminationGracePeriodSeconds\":30}}}}";

  @Test
  void hashMatchesUpstreamRevision() {
    assertThat(ControllerRevisions.hash(UPSTREAM_DATA.getBytes(StandardCharsets.UTF_8), 0)).isEqualTo("c77f6d978");
  }

  @Test
  void safeEncodeUsesTheAlphabetByCodeModulo27() {
    assertThat(ControllerRevisions.safeEncode("0123456789")).isEqualTo("456789bcdf");
  }

  @Test
  void revisionOfDefaultedTemplateHasUpstreamBytesAndName() {
    StatefulSet set = upstreamSet();
    assertThat(new String(StatefulSetRevisions.patchBytes(set), StandardCharsets.UTF_8)).isEqualTo(UPSTREAM_DATA);
    ControllerRevision revision = StatefulSetRevisions.newRevision(set, 1, 0);
    assertThat(revision.getMetadata().getName()).isEqualTo("test-c77f6d978");
    assertThat(revision.getMetadata().getLabels())
        .containsEntry("app", "foo").containsEntry(ControllerRevisions.HASH_LABEL, "c77f6d978");
    assertThat(revision.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> {
          assertThat(ref.getKind()).isEqualTo("StatefulSet");
          assertThat(ref.getController()).isTrue();
          assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
    assertThat(revision.getRevision()).isEqualTo(1L);
  }

  @Test
  void revisionReadBackInAnyKeyOrderIsEqual() throws Exception {
    ControllerRevision ours = StatefulSetRevisions.newRevision(upstreamSet(), 1, 0);
    Object reordered = new ObjectMapper().readValue(
        "{\"spec\":{\"template\":{\"spec\":{\"terminationGracePeriodSeconds\":30,\"securityContext\":{},"
            + "\"schedulerName\":\"default-scheduler\",\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\","
            + "\"containers\":[{\"terminationMessagePolicy\":\"File\",\"terminationMessagePath\":\"/dev/termination-log\","
            + "\"resources\":{},\"name\":\"test\",\"imagePullPolicy\":\"Always\",\"image\":\"test\"}]},"
            + "\"metadata\":{\"labels\":{\"app\":\"foo\"},\"creationTimestamp\":null,\"annotations\":{\"test\":\"value\"}},"
            + "\"$patch\":\"replace\"}}}", Map.class);
    ControllerRevision stored = new ControllerRevisionBuilder().withNewMetadata().withName("x").endMetadata()
        .withData(reordered).withRevision(3L).build();
    assertThat(ControllerRevisions.equal(ours, stored)).isTrue();
    assertThat(StatefulSetRevisions.template(stored).getSpec().getContainers().get(0).getImage()).isEqualTo("test");
  }

  @Test
  void nextRevisionIsOneMoreThanTheLargest() {
    assertThat(ControllerRevisions.nextRevision(List.of())).isEqualTo(1);
    assertThat(ControllerRevisions.nextRevision(List.of(rev("a", 3), rev("b", 7), rev("c", 5)))).isEqualTo(8);
  }

  @Test
  void truncationDeletesOldestNonLiveRevisionsOnly() {
    List<ControllerRevision> revisions = List.of(rev("r5", 5), rev("r1", 1), rev("r2", 2), rev("r3", 3), rev("r4", 4));
    List<ControllerRevision> doomed = ControllerRevisions.toTruncate(revisions, Set.of("r1", "r5"), 1);
    assertThat(doomed).extracting(r -> r.getMetadata().getName()).containsExactly("r2", "r3");
    assertThat(ControllerRevisions.toTruncate(revisions, Set.of(), 10)).isEmpty();
    assertThat(ControllerRevisions.toTruncate(revisions, Set.of("r4"), 0))
        .extracting(r -> r.getMetadata().getName()).containsExactly("r1", "r2", "r3", "r5");
  }

  @Test
  void goJsonSortsKeysAndEscapesLikeGo() throws Exception {
    var tree = new ObjectMapper().readTree("{\"b\":1,\"a\":\"<x&y>\",\"c\":[1.5,2.0,1e21]}");
    assertThat(GoJson.encode(tree)).isEqualTo("{\"a\":\"\\u003cx\\u0026y\\u003e\",\"b\":1,\"c\":[1.5,2,1e+21]}");
  }

  static StatefulSet upstreamSet() {
    return new StatefulSetBuilder()
        .withNewMetadata().withName("test").withNamespace("test").withUid("ssuid").endMetadata()
        .withNewSpec()
        .withNewSelector().withMatchLabels(Map.of("app", "foo")).endSelector()
        .withTemplate(new PodTemplateSpecBuilder()
            .withNewMetadata().withAnnotations(Map.of("test", "value")).withLabels(Map.of("app", "foo")).endMetadata()
            .withNewSpec()
            .withContainers(new ContainerBuilder().withName("test").withImage("test").withImagePullPolicy("Always")
                .withTerminationMessagePath("/dev/termination-log").withTerminationMessagePolicy("File").build())
            .withDnsPolicy("ClusterFirst").withRestartPolicy("Always").withSchedulerName("default-scheduler")
            .withSecurityContext(new PodSecurityContext()).withTerminationGracePeriodSeconds(30L)
            .endSpec().build())
        .endSpec().build();
  }

  static ControllerRevision rev(String name, long revision) {
    return new ControllerRevisionBuilder().withNewMetadata().withName(name).endMetadata()
        .withRevision(revision).withData(Map.of()).build();
  }
}
