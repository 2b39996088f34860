package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.awaitUserPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.Keyward;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.SigningKeys;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code keyward --mode=verifier} as its own process: it serves the HTTP API from its informers,
 * reports ready once they and the signing keys are there, and starts no reconciler.
 */
class VerifierModeIT {

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void verifierModeServesKeysWithoutReconciling() throws Exception {
    String keysNs = TestCluster.createNamespace("keyward-system");
    String ns = TestCluster.createNamespace("verifier-mode");
    // What the operator does: create the signing keys the verifier reads.
    SigningKeys keys =
        SigningKeys.start(
            TestCluster.client(),
            ExchangeSettings.defaults(
                "http://keyward.test", keysNs, TestOperator.exampleRoleMapSource()),
            Clock.systemUTC(),
            Duration.ofHours(1));
    // The operator keeps its password records beside the signing keys, where the verifier reads.
    KeywardOperator operator = TestOperator.startIn(keysNs);
    int httpPort = freePort();
    int healthPort = freePort();
    Path log = Files.createTempFile("keyward-verifier-", ".log");
    ProcessBuilder command =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // The production logging configuration (text, INFO), not the test one.
                "-Dlogback.configurationFile=" + Keyward.class.getResource("/logback.xml"),
                "dev.keyward.Keyward",
                "--mode=verifier",
                "--namespace=" + keysNs,
                "--http-port=" + httpPort,
                "--health-port=" + healthPort,
                "--metrics-port=" + freePort(),
                "--role-map=" + TestOperator.exampleRoleMap())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    command.environment().put("KUBECONFIG", TestCluster.cluster().kubeconfig().toString());
    command.environment().put("KEYWARD_LOG_LEVEL", "INFO");
    Process verifier = command.start();
    try {
      apply(ns, userYaml("vic", "roles: [runner]\n  password:\n    generate: true"));
      apply(ns, tokenYaml("vic-ci", "vic", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "vic-ci", "Active");
      String key = secretValue(ns, "vic-ci", "token");
      Http health = new Http(healthPort);
      Http http = new Http(httpPort);

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> health.get("/readyz").statusCode() == 200);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> http.get("/auth", "Token", key).statusCode() == 200);
      awaitUserPhase(ns, "vic", "Active");
      String form =
          "namespace="
              + ns
              + "&username=vic&password="
              + URLEncoder.encode(secretValue(ns, "vic-password", "password"), UTF_8);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> http.postForm("/login", form, null).statusCode() == 200);

      List<String> output = Files.readAllLines(log);
      assertThat(output).anyMatch(l -> l.contains("running in mode verifier"));
      assertThat(output).noneMatch(l -> l.contains("Keyward operator started"));
    } finally {
      verifier.destroy();
      if (!verifier.waitFor(15, TimeUnit.SECONDS)) {
        verifier.destroyForcibly();
      }
      Files.deleteIfExists(log);
      operator.close();
      keys.close();
    }
  }
}
