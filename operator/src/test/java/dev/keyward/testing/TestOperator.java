package dev.keyward.testing;

import dev.keyward.lifecycle.CrashPoint;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.rolemap.RoleMapSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Starts the real operator in-process against the test cluster. */
public final class TestOperator {

  private TestOperator() {}

  public static Path exampleRoleMap() {
    return TestCluster.repoRoot().resolve("config/role-map.yaml");
  }

  public static RoleMapSource exampleRoleMapSource() {
    try {
      return RoleMapSource.of(RoleMapSource.parse(exampleRoleMap()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static KeywardOperator start() {
    return start(KeywardConfig.defaults(exampleRoleMapSource()));
  }

  public static KeywardOperator start(CrashPoint crashPoint) {
    return start(KeywardConfig.defaults(exampleRoleMapSource()).withCrashPoint(crashPoint));
  }

  /**
   * The defaults, the operator's own namespace (signing keys, password records) being {@code
   * operatorNamespace}.
   */
  public static KeywardConfig config(String operatorNamespace) {
    KeywardConfig defaults = KeywardConfig.defaults(exampleRoleMapSource());
    return defaults.withBindingLimits(
        defaults.bindingLimits().withOperatorNamespace(operatorNamespace));
  }

  /** The operator, keeping its password records in {@code operatorNamespace}. */
  public static KeywardOperator startIn(String operatorNamespace) {
    return start(config(operatorNamespace));
  }

  public static KeywardOperator start(KeywardConfig config) {
    KeywardOperator operator = new KeywardOperator(TestCluster.client(), config);
    operator.start();
    return operator;
  }
}
