package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import keelson.apiserver.rest.ApiException;
import org.junit.jupiter.api.Test;

class ContinueTokenTest {
  private static String encoded(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTripsIncludingTheGoOnAtLatestToken() {
    ContinueToken token = new ContinueToken(42, "/registry/configmaps/ns/b");
    assertThat(ContinueToken.decode(token.encode())).isEqualTo(token);
    assertThat(ContinueToken.decode(new ContinueToken(-1, "/registry/configmaps/ns/b").encode()).revision()).isEqualTo(-1);
  }

  @Test
  void refusesTokensWithoutARevisionOrKey() {
    for (String bad : new String[] {"bm9wZQ", encoded("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"a\"}"),
        encoded("{\"v\":\"meta.k8s.io/v1\",\"rv\":5}"), encoded("{\"v\":\"other\",\"rv\":5,\"start\":\"a\"}")}) {
      assertThatThrownBy(() -> ContinueToken.decode(bad)).isInstanceOf(ApiException.class)
          .hasMessage("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
  }
}
