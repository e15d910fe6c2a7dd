package keelson.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import keelson.storage.memory.MemoryStore;
import org.junit.jupiter.api.Test;

class CompactorTest {
  @Test
  void compactsToTheRevisionSeenOneIntervalEarlier() {
    MemoryStore store = new MemoryStore();
    Compactor compactor = new Compactor(store, Duration.ofMinutes(5));
    store.create("/registry/configmaps/default/a", new byte[] {'{', '}'});
    compactor.compactOnce();
    long firstMark = store.currentRevision();
    store.create("/registry/configmaps/default/b", new byte[] {'{', '}'});

    assertThat(store.compactRevision()).as("nothing is compacted before a full interval").isZero();
    compactor.compactOnce();

    assertThat(store.compactRevision()).isEqualTo(firstMark);
    assertThat(store.get("/registry/configmaps/default/a")).as("current values survive").isPresent();
    store.close();
  }
}
