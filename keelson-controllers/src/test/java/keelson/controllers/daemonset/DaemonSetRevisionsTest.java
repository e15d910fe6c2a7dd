package keelson.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonSetRevisionsTest {

  @Test
  void hashIsStableSafeEncodedAndChangesWithTemplateAndCollisionCount() {
    DaemonSet ds = Fixtures.daemonSet();
    String hash = DaemonSetRevisions.hash(ds);
    assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    assertThat(DaemonSetRevisions.hash(DaemonPods.copy(ds))).isEqualTo(hash);
    assertThat(DaemonSetRevisions.hash(Fixtures.withImage(ds, "agent:2", 2))).isNotEqualTo(hash);
    DaemonSet collided = DaemonPods.copy(ds);
    collided.setStatus(new DaemonSetStatus());
    collided.getStatus().setCollisionCount(1);
    assertThat(DaemonSetRevisions.hash(collided)).isNotEqualTo(hash);
  }

  @Test
  void fnv32aMatchesTheReferenceVectors() {
    assertThat(Integer.toUnsignedString(DaemonSetRevisions.fnv32a(0x811c9dc5, new byte[0]))).isEqualTo("2166136261");
    assertThat(Integer.toHexString(DaemonSetRevisions.fnv32a(0x811c9dc5, "a".getBytes()))).isEqualTo("e40c292c");
    // '0' is 48, 48 % 27 = 21 -> '4'; '9' is 57, 57 % 27 = 3 -> 'f'
    assertThat(DaemonSetRevisions.safeEncode("09")).isEqualTo("4f");
  }

  @Test
  void revisionIsNamedAfterTheHashAndReplacesTheTemplate() {
    DaemonSet ds = Fixtures.daemonSet();
    ds.getMetadata().getAnnotations().put("note", "x");
    String hash = DaemonSetRevisions.hash(ds);
    ControllerRevision r = DaemonSetRevisions.newRevision(ds, hash, 3);
    assertThat(r.getMetadata().getName()).isEqualTo("agent-" + hash);
    assertThat(r.getMetadata().getLabels()).containsEntry("app", "agent").containsEntry("controller-revision-hash", hash);
    assertThat(r.getMetadata().getAnnotations()).containsEntry("note", "x");
    assertThat(r.getRevision()).isEqualTo(3L);
    assertThat(r.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getController()).isTrue());
    assertThat(DaemonSetRevisions.patch(ds).toString()).startsWith("{\"spec\":{\"template\":{\"$patch\":\"replace\",");
    assertThat(DaemonSetRevisions.matches(ds, r)).isTrue();
    assertThat(DaemonSetRevisions.matches(Fixtures.withImage(ds, "agent:2", 2), r)).isFalse();
  }

  @Test
  void pruningKeepsTheLimitAndRevisionsOfLivePods() {
    DaemonSet ds = Fixtures.daemonSet();
    List<ControllerRevision> old = List.of(rev(ds, "h1", 1), rev(ds, "h2", 2), rev(ds, "h3", 3), rev(ds, "h4", 4));
    Pod live = Fixtures.runningPod(ds, "h1", "agent-x", "a", Fixtures.T0);
    assertThat(DaemonSetRevisions.toPrune(old, 2, List.of(live))).extracting(r -> r.getMetadata().getName())
        .containsExactly("agent-h2", "agent-h3");
    assertThat(DaemonSetRevisions.toPrune(old, 10, List.of())).isEmpty();
  }

  private static ControllerRevision rev(DaemonSet ds, String hash, long n) {
    ControllerRevision r = DaemonSetRevisions.newRevision(ds, hash, n);
    r.getMetadata().setLabels(Map.of("controller-revision-hash", hash));
    return r;
  }
}
