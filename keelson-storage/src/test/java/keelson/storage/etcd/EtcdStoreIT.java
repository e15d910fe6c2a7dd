package keelson.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import keelson.storage.RevisionedStore;
import keelson.storage.RevisionedStoreContract;
import keelson.storage.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the storage contract against a real single-member etcd started for this class. */
class EtcdStoreIT extends RevisionedStoreContract {
  private static EtcdProcess etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdProcess.start();
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Override
  protected RevisionedStore openStore() {
    return Stores.open("etcd://" + etcd.endpoints(), Path.of("unused"));
  }

  @Override
  protected int[] concurrentIncrements() {
    return new int[] {6, 15};
  }

  @Test
  void storesKeysVerbatimAsKubeApiserverDoes() throws Exception {
    store.create("/registry/pods/default/web-0", bytes("{}"));
    try (var client = io.etcd.jetcd.Client.builder().endpoints("http://" + etcd.endpoints()).build()) {
      var raw =
          client
              .getKVClient()
              .get(io.etcd.jetcd.ByteSequence.from("/registry/pods/default/web-0".getBytes()))
              .get();
      assertThat(raw.getKvs()).hasSize(1);
      assertThat(text(raw.getKvs().getFirst().getValue().getBytes())).isEqualTo("{}");
    }
  }

  @Test
  void malformedEndpointIsRejectedWithAUsableMessage() {
    assertThatThrownBy(() -> Stores.open("etcd://localhost", Path.of("unused")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
  }
}
