package keelson.e2e;

import java.nio.file.Path;

/** The kubectl scenarios against the embedded default storage. */
class SqliteKubectlIT extends KubectlScenarios {
  @Override
  String storage(Path temp) {
    return "sqlite";
  }
}
