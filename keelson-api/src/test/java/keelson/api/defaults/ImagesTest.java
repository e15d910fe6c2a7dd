package keelson.api.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nginx|latest",
      "nginx:1.27|1.27",
      "registry.k8s.io:5000/pause:3.10|3.10",
      "localhost:5000/app|latest",
      "nginx@sha256:abc|''",
      "nginx:1.27@sha256:abc|1.27",
      "Nginx:1.0|''",
      "nginx:-bad|''",
      "''|''"})
  void theTagIsReadAsTheKubeletReadsIt(String image, String tag) {
    assertThat(Images.tag(image)).isEqualTo(tag);
    assertThat(Images.tag(image)).as("asked again, from memory").isEqualTo(tag);
  }

  @Test
  void moreDistinctImagesThanItRemembersAreAllStillReadCorrectly() {
    for (int i = 0; i < 3_000; i++) {
      assertThat(Images.tag("team/app-" + i + ":v" + i)).isEqualTo("v" + i);
      assertThat(Images.tag("team/app-" + i)).isEqualTo("latest");
    }
  }
}
