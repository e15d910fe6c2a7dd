package keelson.nodes.dns;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
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
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a kubelet writes into a pod's sandbox for DNS: {@code <pods-dir>/<pod-uid>.resolv.conf},
 * with the settings {@link ResolverConfig} computes from the pod's {@code dnsPolicy} and
 * {@code dnsConfig}, the cluster DNS address and domain (kubelet's {@code --cluster-dns},
 * {@code --cluster-domain}) and the node's own resolver (kubelet's {@code --resolv-conf}).
 * Written when the sandbox starts, removed with the pod.
 *
 * <p>Pods with the same settings (most of one namespace) share one file: each pod's entry is a hard
 * link to {@code <pods-dir>/.shared/<digest>.<copy>}. A hard link is a directory entry only, where
 * a file, a directory or a symbolic link of its own costs an inode: ext4 without a journal skips
 * every inode freed in the last minute or more when it allocates one, so after a few thousand pods
 * were deleted each new inode cost about 0.7 ms of kernel time, a link 11 µs. A file takes at most
 * 65,000 links on ext4; the next pods then link to a fresh copy.
 */
public final class PodResolvConfs {
  private static final Logger log = LoggerFactory.getLogger(PodResolvConfs.class);

  /** Where the shared files live, under {@code podsDir}. */
  static final String SHARED = ".shared";
  /** The end of each pod's entry name, after its uid. */
  static final String SUFFIX = ".resolv.conf";

  private final Path podsDir;
  private final String clusterDns;
  private final String clusterDomain;
  private final ResolverConfig node;

  /** The uids of the pods whose file this process wrote, so a pod looked at again costs nothing. */
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  /** The shared file new links of each content go to, once this process wrote it. */
  private final Map<String, Path> shared = new ConcurrentHashMap<>();
  private final Object sharedLock = new Object();

  /**
   * @param podsDir where the pods' entries go, or null to write nothing
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
    return podsDir.resolve(uid + SUFFIX);
  }

  /** Writes the pod's resolv.conf unless it was already written for this pod. */
  public void ensure(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (podsDir == null || uid == null || written.contains(uid)) {
      // What the file holds comes from the pod's namespace, dnsPolicy, dnsConfig and hostNetwork,
      // none of which a pod can change: once written for a uid it stays right.
      return;
    }
    String text = ResolverConfig.forPod(pod, clusterDns, clusterDomain, node).toResolvConf();
    try {
      link(uid, text);
      written.add(uid);
    } catch (IOException e) {
      log.atWarn().addKeyValue("pod", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())
          .addKeyValue("error", e.toString()).log("could not write the pod's resolv.conf");
    }
  }

  /** Links the pod's entry to the shared file of {@code text}; an entry with that text already stays. */
  private void link(String uid, String text) throws IOException {
    Path entry = file(podsDir, uid);
    Path target = sharedFile(text, null);
    try {
      linkOrNextCopy(entry, text, target);
      return;
    } catch (FileAlreadyExistsException e) {
      // already there (a restart re-ensures every running pod), or other settings: replaced below
    }
    if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && text.equals(Files.readString(entry))) {
      return;
    }
    Path temp = podsDir.resolve("." + uid + ".tmp");
    Files.deleteIfExists(temp);
    linkOrNextCopy(temp, text, target);
    Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void linkOrNextCopy(Path link, String text, Path target) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createLink(link, target);
        return;
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (FileSystemException e) {
        // the shared file was swept meanwhile, or took the file system's most links per file
        if (attempt == 3) {
          throw e;
        }
        target = sharedFile(text, target);
      }
    }
  }

  /**
   * Returns the shared file new links of {@code text} go to, writing it the first time. With
   * {@code failed} (a file that took no further link) the next copy is used: the same file
   * written again if it is gone, else a later one.
   */
  private Path sharedFile(String text, Path failed) throws IOException {
    Path current = shared.get(text);
    if (current != null && !current.equals(failed)) {
      return current;
    }
    synchronized (sharedLock) {
      current = shared.get(text);
      if (current != null && !current.equals(failed)) {
        return current;
      }
      Path dir = Files.createDirectories(podsDir.resolve(SHARED));
      String digest = digest(text);
      int copy = failed == null ? 0 : copyOf(failed) + (Files.exists(failed, LinkOption.NOFOLLOW_LINKS) ? 1 : 0);
      while (Files.exists(dir.resolve(digest + "." + copy), LinkOption.NOFOLLOW_LINKS)
          && !text.equals(readOrNull(dir.resolve(digest + "." + copy)))) {
        copy++;
      }
      Path target = dir.resolve(digest + "." + copy);
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Path temp = Files.createTempFile(dir, ".resolv.conf", ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      shared.put(text, target);
      return target;
    }
  }

  private static int copyOf(Path sharedFile) {
    String name = sharedFile.getFileName().toString();
    return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
  }

  private static String readOrNull(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return null;
    }
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
    written.remove(uid);
    try {
      Files.deleteIfExists(file(podsDir, uid)); // one link: no tree to walk
    } catch (IOException e) {
      log.atWarn().addKeyValue("pod", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())
          .addKeyValue("error", e.toString()).log("could not remove a pod's resolv.conf");
    }
  }

  /**
   * Removes the entries of pods that no longer exist (deleted while this server was down or not
   * leading), the entries of earlier layouts, and the shared files no pod links to; called with
   * every live pod's uid once the informers have synced.
   */
  public void retainOnly(Set<String> liveUids) {
    if (podsDir == null || !Files.isDirectory(podsDir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(podsDir)) {
      // A pod written since this process started removes its own entry when it goes; skipping
      // those spares a pod created after the caller took its snapshot of live uids.
      entries.filter(entry -> isSwept(entry.getFileName().toString(), liveUids)).toList()
          .forEach(PodResolvConfs::removeTree);
    } catch (IOException e) {
      log.atWarn().addKeyValue("dir", podsDir).addKeyValue("error", e.toString())
          .log("could not list the pods' resolv.conf files");
    }
    removeUnlinkedShared();
  }

  private boolean isSwept(String name, Set<String> liveUids) {
    if (name.startsWith(".")) {
      return false;
    }
    if (!name.endsWith(SUFFIX)) {
      return true; // a directory or symbolic link per pod: the layouts before hard links
    }
    String uid = name.substring(0, name.length() - SUFFIX.length());
    return !liveUids.contains(uid) && !written.contains(uid);
  }

  /** Removes the shared files no pod links to that this process does not link new pods to. */
  private void removeUnlinkedShared() {
    Path sharedRoot = podsDir.resolve(SHARED);
    if (!Files.isDirectory(sharedRoot)) {
      return;
    }
    synchronized (sharedLock) { // not while a shared file is being written for a new link
      try (Stream<Path> files = Files.list(sharedRoot)) {
        files.filter(file -> !shared.containsValue(file) && unlinked(file)).toList()
            .forEach(PodResolvConfs::removeTree);
      } catch (IOException e) {
        log.atWarn().addKeyValue("dir", sharedRoot).addKeyValue("error", e.toString())
            .log("could not sweep the shared resolv.conf files");
      }
    }
  }

  /** A shared file with no link but its own name, or a directory of the layout before hard links. */
  private static boolean unlinked(Path file) {
    try {
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
      return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() <= 1;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Removes a pod's link, or a directory tree or symbolic link of an earlier layout. */
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
