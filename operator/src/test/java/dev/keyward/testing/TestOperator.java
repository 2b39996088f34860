package dev.keyward.testing;

import dev.keyward.lifecycle.CrashPoint;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.operator.OperatorOptions;
import dev.keyward.rolemap.RoleMapSource;
import io.javaoperatorsdk.operator.OperatorException;
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

  /** The operator with the defaults, crashing wherever {@code crashPoint} throws. */
  public static KeywardOperator start(CrashPoint crashPoint) {
    return start(KeywardConfig.defaults(exampleRoleMapSource()), crashPoint);
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

  /**
   * Starts an operator. A connection the API server closes while the informers make their first
   * list (seen right after the shared API server came up) fails the start; a fresh operator is then
   * tried, twice at most.
   */
  public static KeywardOperator start(KeywardConfig config) {
    return start(config, CrashPoint.NONE);
  }

  private static KeywardOperator start(KeywardConfig config, CrashPoint crashPoint) {
    OperatorException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      KeywardOperator operator =
          new KeywardOperator(
              TestCluster.client(), config, OperatorOptions.standalone(), crashPoint);
      try {
        operator.start();
        return operator;
      } catch (OperatorException e) {
        last = e;
        operator.close();
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    throw last;
  }
}
