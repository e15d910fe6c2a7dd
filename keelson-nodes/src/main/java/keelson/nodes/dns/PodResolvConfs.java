package keelson.nodes.dns;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a kubelet writes into a pod's sandbox for DNS: {@code <pods-dir>/<pod-uid>/etc/resolv.conf}
 * (the layout of {@code /var/lib/kubelet/pods/<uid>}), with the settings {@link ResolverConfig}
 * computes from the pod's {@code dnsPolicy} and {@code dnsConfig}, the cluster DNS address and
 * domain (kubelet's {@code --cluster-dns}, {@code --cluster-domain}) and the node's own resolver
 * (kubelet's {@code --resolv-conf}). Written when the sandbox starts, removed with the pod.
 */
public final class PodResolvConfs {
  private static final Logger log = LoggerFactory.getLogger(PodResolvConfs.class);

  private final Path podsDir;
  private final String clusterDns;
  private final String clusterDomain;
  private final ResolverConfig node;
  /** What was last written per pod uid, so a pod looked at again costs no I/O. */
  private final Map<String, String> written = new ConcurrentHashMap<>();

  /**
   * @param podsDir where the per-pod directories go, or null to write nothing
   * @param clusterDns the kube-dns Service address
   * @param clusterDomain the cluster domain, e.g. {@code cluster.local}
   * @param node the node's own resolver (for {@code dnsPolicy: Default} and its search domains)
   */
  public PodResolvConfs(Path podsDir, String clusterDns, String clusterDomain, ResolverConfig node) {
    this.podsDir = podsDir;
    this.clusterDns = clusterDns;
    this.clusterDomain = clusterDomain;
    this.node = node;
  }

  /** Writes nothing (simulations without a data directory). */
  public static PodResolvConfs disabled() {
    return new PodResolvConfs(null, "10.96.0.10", "cluster.local", ResolverConfig.none());
  }

  /** The file of the pod with this uid. */
  public static Path file(Path podsDir, String uid) {
    return podsDir.resolve(uid).resolve("etc").resolve("resolv.conf");
  }

  /** Writes the pod's resolv.conf unless it already holds these settings. */
  public void ensure(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (podsDir == null || uid == null) {
      return;
    }
    String text = ResolverConfig.forPod(pod, clusterDns, clusterDomain, node).toResolvConf();
    if (text.equals(written.get(uid))) {
      return;
    }
    Path target = file(podsDir, uid);
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".resolv.conf", ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written.put(uid, text);
    } catch (IOException e) {
      log.atWarn().addKeyValue("pod", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())
          .addKeyValue("error", e.toString()).log("could not write the pod's resolv.conf");
    }
  }

  /** Removes the pod's directory (the pod is gone). */
  public void remove(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (podsDir == null || uid == null) {
      return;
    }
    removeDirectory(uid);
  }

  /**
   * Removes the directories of pods that no longer exist (deleted while this server was down or
   * not leading); called with every live pod's uid once the informers have synced.
   */
  public void retainOnly(Set<String> liveUids) {
    if (podsDir == null || !Files.isDirectory(podsDir)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(podsDir)) {
      // A pod written since this process started removes its own directory when it goes; skipping
      // those spares a pod created after the caller took its snapshot of live uids.
      dirs.map(d -> d.getFileName().toString()).filter(uid -> !liveUids.contains(uid) && !written.containsKey(uid))
          .toList()
          .forEach(this::removeDirectory);
    } catch (IOException e) {
      log.atWarn().addKeyValue("dir", podsDir).addKeyValue("error", e.toString())
          .log("could not list the pods' directories");
    }
  }

  private void removeDirectory(String uid) {
    written.remove(uid);
    Path dir = podsDir.resolve(uid);
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException gone) {
      // never written (not started here) or already removed
    } catch (IOException e) {
      log.atWarn().addKeyValue("uid", uid).addKeyValue("error", e.toString())
          .log("could not remove the pod's directory");
    }
  }
}
