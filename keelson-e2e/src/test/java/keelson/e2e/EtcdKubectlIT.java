package keelson.e2e;

import java.nio.file.Path;
import keelson.storage.etcd.EtcdProcess;

/** The kubectl scenarios against a real etcd process (Debian's etcd-server) on loopback ports. */
class EtcdKubectlIT extends KubectlScenarios {
  private EtcdProcess etcd;

  @Override
  String storage(Path temp) {
    etcd = EtcdProcess.start();
    return "etcd://" + etcd.endpoints();
  }

  @Override
  void stopStorage() {
    if (etcd != null) {
      etcd.close();
    }
  }
}
