package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;

import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role map is reloaded when its file changes, and tokens are judged again at once. */
class RoleMapReloadIT {

  @Test
  void narrowingARoleInTheRoleMapFileInvalidatesTokensThatNoLongerFit(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("role-map.yaml");
    Files.writeString(file, "roles:\n  runner:\n    scopes: [runners.read, runners.run]\n");
    String ns = TestCluster.createNamespace("rolemap");
    try (RoleMapSource roleMap = RoleMapSource.watching(file, 200);
        KeywardOperator operator = TestOperator.start(KeywardConfig.defaults(roleMap))) {
      apply(ns, userYaml("tess", "roles: [runner]"));
      apply(ns, tokenYaml("tess-run", "tess", "scopes: [runners.run]"));
      awaitTokenPhase(ns, "tess-run", "Active");

      Files.writeString(file, "roles:\n  runner:\n    scopes: [runners.read]\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(1)));

      awaitTokenPhase(ns, "tess-run", "Invalid");

      Files.writeString(file, "roles:\n  runner:\n    scopes: [runners.read, runners.run]\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));

      awaitTokenPhase(ns, "tess-run", "Active");
    }
  }
}
