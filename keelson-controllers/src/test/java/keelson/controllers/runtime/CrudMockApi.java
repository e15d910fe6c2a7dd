package keelson.controllers.runtime;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/** fabric8's mock API server in CRUD mode (it stores what it is sent), on a loopback port. */
final class CrudMockApi {
  private CrudMockApi() {}

  /** Starts one; {@link KubernetesMockServer#destroy} stops it. */
  static KubernetesMockServer start() {
    KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    return api;
  }
}
