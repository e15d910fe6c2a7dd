package keelson.server.inprocess;

import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the in-process client. Connection settings (timeouts to connect, TLS, proxies) have no
 * meaning without a connection and are ignored; interceptors and tags apply as for any client.
 */
final class InProcessHttpClientBuilder
    extends StandardHttpClientBuilder<InProcessHttpClient, InProcessHttpClientFactory, InProcessHttpClientBuilder> {

  InProcessHttpClientBuilder(InProcessHttpClientFactory factory) {
    super(factory);
  }

  @Override
  public InProcessHttpClient build() {
    // A derived client shares its parent's closed state, as fabric8's other transports do.
    return new InProcessHttpClient(this, client != null ? client.getClosed() : new AtomicBoolean());
  }

  @Override
  protected InProcessHttpClientBuilder newInstance(InProcessHttpClientFactory factory) {
    return new InProcessHttpClientBuilder(factory);
  }
}
