package keelson.server.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import keelson.apiserver.http.InProcessRequest;
import org.junit.jupiter.api.Test;

class RequestMappingTest {
  private static final URI URL = URI.create("http://127.0.0.1:6443/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");

  @Test
  void aRequestWithoutMethodIsAGetWithItsHeadersAndNoBody() throws Exception {
    StandardHttpRequest request = new StandardHttpRequest.Builder().uri(URL)
        .header("User-Agent", "fabric8-kubernetes-client/7.5.2").header("Accept", "application/json").build();

    InProcessRequest mapped = RequestMapping.request(request);

    assertThat(mapped.method()).isEqualTo("GET");
    assertThat(mapped.uri()).isEqualTo(URL);
    assertThat(mapped.header("user-agent")).isEqualTo("fabric8-kubernetes-client/7.5.2");
    assertThat(mapped.header("ACCEPT")).isEqualTo("application/json");
    assertThat(mapped.body()).isEmpty();
  }

  @Test
  void theContentTypeKeptBesideTheHeadersBecomesAHeader() throws Exception {
    StandardHttpRequest request = (StandardHttpRequest) new StandardHttpRequest.Builder().uri(URL)
        .method("PATCH", "application/apply-patch+yaml", "{\"a\":\"é\"}").build();

    InProcessRequest mapped = RequestMapping.request(request);

    assertThat(mapped.method()).isEqualTo("PATCH");
    assertThat(mapped.header("Content-Type")).isEqualTo("application/apply-patch+yaml");
    assertThat(new String(mapped.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"é\"}");
  }

  @Test
  void byteArrayAndStreamBodiesAreReadWhole() throws Exception {
    StandardHttpRequest bytes = (StandardHttpRequest) new StandardHttpRequest.Builder().uri(URL)
        .post("application/json", new byte[] {1, 2, 3}).build();
    StandardHttpRequest stream = (StandardHttpRequest) new StandardHttpRequest.Builder().uri(URL)
        .method("PUT", "application/json", new ByteArrayInputStream(new byte[] {4, 5}), 2L).build();

    assertThat(RequestMapping.request(bytes).body()).containsExactly(1, 2, 3);
    assertThat(RequestMapping.request(bytes).method()).isEqualTo("POST");
    assertThat(RequestMapping.request(stream).body()).containsExactly(4, 5);
  }

  @Test
  void aWebSocketHandshakeCarriesTheUpgradeHeadersAndTheOfferedSubprotocol() {
    StandardHttpRequest request = new StandardHttpRequest.Builder().uri(URL)
        .header("Authorization", "Bearer t").build();

    InProcessRequest upgrade = RequestMapping.upgrade(request, "v4.channel.k8s.io");

    assertThat(upgrade.method()).isEqualTo("GET");
    assertThat(upgrade.header("Upgrade")).isEqualTo("websocket");
    assertThat(upgrade.header("Connection")).isEqualTo("Upgrade");
    assertThat(upgrade.header("Sec-WebSocket-Protocol")).isEqualTo("v4.channel.k8s.io");
    assertThat(upgrade.header("Authorization")).isEqualTo("Bearer t");
    assertThat(RequestMapping.upgrade(request, null).header("Sec-WebSocket-Protocol")).isNull();
  }
}
