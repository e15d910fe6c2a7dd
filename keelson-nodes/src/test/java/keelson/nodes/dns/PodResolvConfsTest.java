package keelson.nodes.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-pod resolv.conf files: written where a kubelet keeps them, rewritten on change, removed with the pod. */
class PodResolvConfsTest {
  @TempDir
  Path pods;

  private static Pod pod(String uid, String ns) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName("web-0").withUid(uid).endMetadata()
        .withNewSpec().endSpec().build();
  }

  @Test
  void writesThePodsResolvConfUnderItsUidAndRemovesItWithThePod() throws Exception {
    PodResolvConfs files = new PodResolvConfs(pods, "10.96.0.10", "cluster.local",
        new ResolverConfig(List.of("10.0.0.2"), List.of("corp.example"), List.of()));
    Pod pod = pod("0b6f-1", "other");
    files.ensure(pod);
    Path file = PodResolvConfs.file(pods, "0b6f-1");
    assertThat(file).isEqualTo(pods.resolve("0b6f-1.resolv.conf"));
    assertThat(Files.readString(file)).isEqualTo("""
        search other.svc.cluster.local svc.cluster.local cluster.local corp.example
        nameserver 10.96.0.10
        options ndots:5
        """);

    // A pod's DNS settings cannot change, so looking at it again writes nothing.
    pod.getSpec().setDnsPolicy("Default");
    files.ensure(pod);
    assertThat(Files.readString(file)).startsWith("search other.svc.cluster.local");
    // An entry with other settings (found by a new process) is replaced.
    files = new PodResolvConfs(pods, "10.96.0.10", "cluster.local",
        new ResolverConfig(List.of("10.0.0.2"), List.of("corp.example"), List.of()));
    files.ensure(pod);
    assertThat(Files.readString(file)).isEqualTo("search corp.example\nnameserver 10.0.0.2\n");
    try (var entries = Files.list(file.getParent())) {
      assertThat(entries).as("no temporary files left").containsExactlyInAnyOrder(file, pods.resolve(".shared"));
    }

    files.remove(pod);
    assertThat(file).doesNotExist();
    files.remove(pod);
  }

  @Test
  void podsWithTheSameSettingsShareOneFileThroughAHardLinkEach() throws Exception {
    PodResolvConfs files = new PodResolvConfs(pods, "10.96.0.10", "cluster.local", ResolverConfig.none());
    files.ensure(pod("a-1", "default"));
    files.ensure(pod("a-2", "default"));
    files.ensure(pod("b-1", "other"));

    Path a1 = PodResolvConfs.file(pods, "a-1");
    assertThat(a1).isRegularFile();
    assertThat(Files.isSymbolicLink(a1)).isFalse();
    assertThat(Files.isSameFile(a1, PodResolvConfs.file(pods, "a-2"))).as("one inode for both").isTrue();
    assertThat(Files.isSameFile(a1, PodResolvConfs.file(pods, "b-1"))).isFalse();
    assertThat(Files.getAttribute(a1, "unix:nlink")).as("the shared file and two pods").isEqualTo(3);
    files.remove(pod("a-1", "default"));
    assertThat(a1).doesNotExist();
    assertThat(Files.readString(PodResolvConfs.file(pods, "a-2"))).startsWith("search default.svc.cluster.local ");
  }

  @Test
  void aSharedFileRemovedMeanwhileIsWrittenAgainForTheNextPod() throws Exception {
    PodResolvConfs files = new PodResolvConfs(pods, "10.96.0.10", "cluster.local", ResolverConfig.none());
    files.ensure(pod("a-1", "default"));
    try (var shared = Files.list(pods.resolve(".shared"))) {
      for (Path file : shared.toList()) {
        Files.delete(file);
      }
    }
    files.ensure(pod("a-2", "default"));
    assertThat(Files.readString(PodResolvConfs.file(pods, "a-2"))).startsWith("search default.svc.cluster.local ");
    assertThat(Files.isSameFile(PodResolvConfs.file(pods, "a-1"), PodResolvConfs.file(pods, "a-2"))).isFalse();
  }

  @Test
  void entriesOfTheEarlierLayoutsAreSweptAndLivePodsGetTheirFile() throws Exception {
    Path directory = Files.createDirectories(pods.resolve("old-1/etc"));
    Files.writeString(directory.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
    Path sharedDirectory = Files.createDirectories(pods.resolve(".shared/0123abcd/etc"));
    Files.writeString(sharedDirectory.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
    Files.createSymbolicLink(pods.resolve("old-2"), Path.of(".shared", "0123abcd"));
    PodResolvConfs files = new PodResolvConfs(pods, "10.96.0.10", "cluster.local", ResolverConfig.none());
    files.ensure(pod("old-1", "default"));
    files.retainOnly(java.util.Set.of("old-1", "old-2"));
    assertThat(pods.resolve("old-1")).doesNotExist();
    assertThat(Files.exists(pods.resolve("old-2"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(pods.resolve(".shared/0123abcd")).doesNotExist();
    assertThat(Files.readString(PodResolvConfs.file(pods, "old-1"))).contains("nameserver 10.96.0.10");
  }

  @Test
  void disabledWritesNothing() throws Exception {
    PodResolvConfs.disabled().ensure(pod("u1", "default"));
    try (var entries = Files.list(pods)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void settingsReadTheNodesResolvConfOnce() throws Exception {
    Path host = Files.writeString(pods.resolve("host-resolv.conf"), "nameserver 192.0.2.53\nsearch lab.example\n");
    PodResolvConfs files = new PodDnsSettings(pods.resolve("pods"), "10.96.0.10", "k.test", host).open();
    Pod pod = pod("u2", "default");
    files.ensure(pod);
    assertThat(Files.readString(PodResolvConfs.file(pods.resolve("pods"), "u2")))
        .startsWith("search default.svc.k.test svc.k.test k.test lab.example\nnameserver 10.96.0.10\n");
  }

  @Test
  void directoriesOfPodsThatAreGoneAreSweptButFreshOnesKept() throws Exception {
    Path stale = Files.writeString(PodResolvConfs.file(pods, "gone-1"), "nameserver 10.96.0.10\n");
    PodResolvConfs files = new PodResolvConfs(pods, "10.96.0.10", "cluster.local", ResolverConfig.none());
    files.ensure(pod("live-1", "default"));
    files.ensure(pod("new-1", "default"));
    files.retainOnly(java.util.Set.of("live-1"));
    assertThat(stale).doesNotExist();
    assertThat(PodResolvConfs.file(pods, "live-1")).exists();
    assertThat(PodResolvConfs.file(pods, "new-1")).as("written after the snapshot of live pods").exists();
  }

  @Test
  void sharedFilesNoPodLinksToAnyMoreAreSweptOnTheNextStart() throws Exception {
    PodResolvConfs before = new PodResolvConfs(pods, "10.96.0.10", "cluster.local", ResolverConfig.none());
    before.ensure(pod("kept-1", "default"));
    before.ensure(pod("gone-1", "other"));
    Path gone;
    try (var shared = Files.list(pods.resolve(".shared"))) {
      gone = shared.filter(file -> {
        try {
          return Files.isSameFile(file, PodResolvConfs.file(pods, "gone-1"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).findFirst().orElseThrow();
    }

    PodResolvConfs restarted = new PodResolvConfs(pods, "10.96.0.10", "cluster.local", ResolverConfig.none());
    Path kept = PodResolvConfs.file(pods, "kept-1");
    var linkedAt = Files.readAttributes(kept, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    restarted.ensure(pod("kept-1", "default"));
    restarted.ensure(pod("new-1", "default"));
    assertThat(Files.readAttributes(kept, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
        .as("a link already in place is kept").isEqualTo(linkedAt);
    assertThat(Files.isSameFile(kept, PodResolvConfs.file(pods, "new-1"))).as("the shared file is reused").isTrue();
    restarted.retainOnly(java.util.Set.of("kept-1", "new-1"));
    assertThat(PodResolvConfs.file(pods, "gone-1")).doesNotExist();
    assertThat(gone).doesNotExist();
    assertThat(Files.readString(PodResolvConfs.file(pods, "kept-1"))).startsWith("search default.svc.cluster.local ");
  }
}
