package keelson.controllers.volume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import keelson.controllers.runtime.EventRecorder;

/** {@link VolumeActions} over the fabric8 client and the local file system. */
final class ClientVolumeActions implements VolumeActions {
  private final KubernetesClient client;
  private final EventRecorder events;

  ClientVolumeActions(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public PersistentVolumeClaim updateClaim(PersistentVolumeClaim claim) {
    return client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).update();
  }

  @Override
  public PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim) {
    return client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim)
        .updateStatus();
  }

  @Override
  public PersistentVolume createVolume(PersistentVolume volume) {
    return client.persistentVolumes().resource(volume).create();
  }

  @Override
  public PersistentVolume updateVolume(PersistentVolume volume) {
    return client.persistentVolumes().resource(volume).update();
  }

  @Override
  public PersistentVolume updateVolumeStatus(PersistentVolume volume) {
    return client.persistentVolumes().resource(volume).updateStatus();
  }

  @Override
  public void deleteVolume(String name, String uid) {
    PersistentVolume current = client.persistentVolumes().withName(name).get();
    if (current != null && uid.equals(current.getMetadata().getUid())) {
      client.persistentVolumes().resource(current).lockResourceVersion().delete();
    }
  }

  @Override
  public PersistentVolumeClaim getClaim(String namespace, String name) {
    return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
  }

  @Override
  public void createDirectory(String path) throws IOException {
    Files.createDirectories(Path.of(path));
  }

  @Override
  public void deleteDirectory(String path) throws IOException {
    Path dir = Path.of(path);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(p);
        } catch (NoSuchFileException e) {
          // removed meanwhile
        }
      }
    }
  }

  @Override
  public void event(HasMetadata object, boolean warning, String reason, String message) {
    if (warning) {
      events.warning(object, reason, message);
    } else {
      events.normal(object, reason, message);
    }
  }
}
