package keelson.nodes.dns;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
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
 *
 * <p>Pods with the same settings (most of one namespace) share one file: {@code <pods-dir>/<uid>}
 * is a symbolic link to {@code <pods-dir>/.shared/<digest>}, which holds {@code etc/resolv.conf}.
 * A directory, a subdirectory and a file of its own per pod made the file system's inode
 * allocation a third of the server's CPU at a few hundred pods a second; a link is one inode, and
 * the path a reader opens is the same.
 */
public final class PodResolvConfs {
  private static final Logger log = LoggerFactory.getLogger(PodResolvConfs.class);

  private final Path podsDir;
  private final String clusterDns;
  private final String clusterDomain;
  private final ResolverConfig node;
  /** Where the shared files live, under {@code podsDir}. */
  static final String SHARED = ".shared";

  /** What was last written per pod uid, so a pod looked at again costs no I/O. */
  private final Map<String, String> written = new ConcurrentHashMap<>();
  /** The shared directory name of each content already written by this process. */
  private final Map<String, String> shared = new ConcurrentHashMap<>();
  private final Object sharedLock = new Object();

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
    try {
      link(uid, sharedDirectory(text));
      written.put(uid, text);
    } catch (IOException e) {
      log.atWarn().addKeyValue("pod", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())
          .addKeyValue("error", e.toString()).log("could not write the pod's resolv.conf");
    }
  }

  /** Returns the name of the shared directory holding {@code text}, writing it the first time. */
  private String sharedDirectory(String text) throws IOException {
    String name = shared.get(text);
    if (name != null) {
      return name;
    }
    synchronized (sharedLock) {
      return writeShared(text);
    }
  }

  private String writeShared(String text) throws IOException {
    String name = digest(text);
    Path target = podsDir.resolve(SHARED).resolve(name).resolve("etc").resolve("resolv.conf");
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".resolv.conf", ".tmp");
    Files.writeString(temp, text);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    shared.put(text, name);
    return name;
  }

  /** Points {@code <pods-dir>/<uid>} at a shared directory, replacing what was there atomically. */
  private void link(String uid, String sharedName) throws IOException {
    Path entry = podsDir.resolve(uid);
    Path relative = Path.of(SHARED, sharedName);
    try {
      Files.createSymbolicLink(entry, relative);
      return;
    } catch (FileAlreadyExistsException e) {
      // already linked (a restart), a link to other settings, or a directory of the layout before
      // links: the last two are replaced below
    }
    if (Files.isSymbolicLink(entry) && Files.readSymbolicLink(entry).equals(relative)) {
      return;
    }
    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
      removeDirectory(uid);
    }
    Path temp = podsDir.resolve("." + uid + ".tmp");
    Files.deleteIfExists(temp);
    Files.createSymbolicLink(temp, relative);
    Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Removes the pod's entry (the pod is gone); the shared file stays for other pods. */
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
      dirs.map(d -> d.getFileName().toString())
          .filter(uid -> !uid.startsWith(".") && !liveUids.contains(uid) && !written.containsKey(uid))
          .toList()
          .forEach(this::removeDirectory);
    } catch (IOException e) {
      log.atWarn().addKeyValue("dir", podsDir).addKeyValue("error", e.toString())
          .log("could not list the pods' directories");
    }
    removeUnlinkedShared();
  }

  /** Removes the shared directories no pod's link points to and this process did not write. */
  private void removeUnlinkedShared() {
    Path sharedRoot = podsDir.resolve(SHARED);
    if (!Files.isDirectory(sharedRoot)) {
      return;
    }
    synchronized (sharedLock) { // not while a shared file is being written for a new link
      removeUnlinkedShared(sharedRoot);
    }
  }

  private void removeUnlinkedShared(Path sharedRoot) {
    Set<String> linked = new HashSet<>(shared.values());
    try (Stream<Path> entries = Files.list(podsDir)) {
      entries.filter(Files::isSymbolicLink).forEach(link -> {
        try {
          linked.add(Files.readSymbolicLink(link).getFileName().toString());
        } catch (IOException e) {
          // gone meanwhile
        }
      });
      try (Stream<Path> dirs = Files.list(sharedRoot)) {
        dirs.filter(d -> !linked.contains(d.getFileName().toString())).toList()
            .forEach(PodResolvConfs::removeTree);
      }
    } catch (IOException e) {
      log.atWarn().addKeyValue("dir", sharedRoot).addKeyValue("error", e.toString())
          .log("could not sweep the shared resolv.conf files");
    }
  }

  private void removeDirectory(String uid) {
    written.remove(uid);
    removeTree(podsDir.resolve(uid));
  }

  /** Removes a file tree, or just the link when {@code root} is a symbolic link. */
  private static void removeTree(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
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
      log.atWarn().addKeyValue("path", root).addKeyValue("error", e.toString())
          .log("could not remove a pod's resolv.conf");
    }
  }

}
