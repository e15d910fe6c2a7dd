package keelson.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import keelson.apiserver.rest.ApiException;
import org.junit.jupiter.api.Test;

class WebSocketWatchSinkTest {
  @Test
  void noSubprotocolOfferedMeansNoneAccepted() {
    assertThat(WebSocketWatchSink.acceptedSubprotocol(null)).isNull();
    assertThat(WebSocketWatchSink.acceptedSubprotocol("  ")).isNull();
  }

  @Test
  void aSingleOfferedSubprotocolIsEchoed() {
    assertThat(WebSocketWatchSink.acceptedSubprotocol("v4.channel.k8s.io")).isEqualTo("v4.channel.k8s.io");
    assertThat(WebSocketWatchSink.acceptedSubprotocol(" base64.channel.k8s.io ")).isEqualTo("base64.channel.k8s.io");
  }

  @Test
  void severalOfferedSubprotocolsAreABadRequest() {
    assertThatThrownBy(() -> WebSocketWatchSink.acceptedSubprotocol("v4.channel.k8s.io, base64.channel.k8s.io"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }
}
