package keelson.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import keelson.storage.memory.MemoryStore;
import keelson.storage.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoresTest {
  @TempDir Path dataDir;

  @Test
  void opensMemory() {
    try (RevisionedStore store = Stores.open("memory", dataDir)) {
      assertThat(store).isInstanceOf(MemoryStore.class);
    }
  }

  @Test
  void opensSqliteInTheDataDirectory() {
    try (RevisionedStore store = Stores.open("sqlite", dataDir.resolve("nested"))) {
      assertThat(store).isInstanceOf(SqliteStore.class);
      assertThat(Files.exists(dataDir.resolve("nested").resolve("keelson.db"))).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "mysql", "etcd://", "etcd://localhost", "etcd://h:1,nope", "Memory"})
  void rejectsABadSpecWithOneReadableLine(String spec) {
    assertThatThrownBy(() -> Stores.open(spec, dataDir))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").isNotBlank());
  }
}
