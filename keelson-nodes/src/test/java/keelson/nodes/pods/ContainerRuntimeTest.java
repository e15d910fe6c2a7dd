package keelson.nodes.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ContainerRuntimeTest {
  private static final Pod POD = new PodBuilder().withNewMetadata().withName("web-0").withUid("u-1").endMetadata().build();

  @Test
  void containerIdsAreStableDigestsOfPodContainerAndRestart() throws Exception {
    Container web = container("web", "nginx:1.16");
    assertThat(ContainerRuntime.containerId(POD, web, 0))
        .isEqualTo("containerd://" + sha256("u-1/web/0"))
        .isEqualTo(ContainerRuntime.containerId(POD, web, 0))
        .isNotEqualTo(ContainerRuntime.containerId(POD, web, 1));
  }

  @Test
  void imageIdsNameTheRepositoryAndADigestOfTheReference() throws Exception {
    assertThat(ContainerRuntime.imageId(container("a", "nginx:1.16")))
        .isEqualTo("docker.io/library/nginx@sha256:" + sha256("nginx:1.16"));
    assertThat(ContainerRuntime.imageId(container("b", "nginx:1.16")))
        .isEqualTo(ContainerRuntime.imageId(container("a", "nginx:1.16")));
    assertThat(ContainerRuntime.imageId(container("a", "registry.k8s.io/pause:3.10")))
        .isEqualTo("registry.k8s.io/pause@sha256:" + sha256("registry.k8s.io/pause:3.10"));
    assertThat(ContainerRuntime.imageId(container("a", "busybox@sha256:abc")))
        .isEqualTo("docker.io/library/busybox@sha256:" + sha256("busybox@sha256:abc"));
  }

  private static Container container(String name, String image) {
    return new ContainerBuilder().withName(name).withImage(image).build();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
