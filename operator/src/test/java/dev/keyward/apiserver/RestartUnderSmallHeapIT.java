package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiUser;
import dev.keyward.bench.JvmProcess;
import dev.keyward.credential.PasswordWork;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An operator restarted over 100 users with generated passwords re-checks each password against its
 * Argon2id hash (19 MiB each): within the process's Argon2id budget, a 256 MiB heap is enough.
 * Without the budget, 50 reconcile threads would ask for ~950 MiB at once.
 */
class RestartUnderSmallHeapIT {

  private static final int USERS = 100;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void restartOverAHundredGeneratedPasswordUsersDoesNotRunOutOfMemoryAt256MiB() throws Exception {
    String ns = TestCluster.createNamespace("restart");
    KeywardOperator first = TestOperator.start();
    Map<String, String> hashes;
    try {
      for (int i = 0; i < USERS; i++) {
        apply(ns, userYaml("u" + i, "roles: [runner]\n  password:\n    generate: true"));
      }
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> hashes(ns).size() == USERS && allPasswordsRecorded(ns));
      hashes = hashes(ns);
    } finally {
      first.close();
    }

    int http = JvmProcess.freePort();
    int health = JvmProcess.freePort();
    int metrics = JvmProcess.freePort();
    try (JvmProcess restarted =
        JvmProcess.start(
            "operator-256m",
            List.of(
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.keyward.Keyward",
                "--http-port",
                Integer.toString(http),
                "--health-port",
                Integer.toString(health),
                "--metrics-port",
                Integer.toString(metrics),
                "--role-map",
                TestOperator.exampleRoleMap().toString(),
                "--namespace",
                ns),
            Map.of("KUBECONFIG", TestCluster.cluster().kubeconfig().toString()))) {
      restarted.awaitReady("http://127.0.0.1:" + health + "/readyz", Duration.ofMinutes(2));
      int everyUser =
          TestCluster.client().resources(ApiUser.class).inAnyNamespace().list().getItems().size();

      // Every user in the cluster reconciled by the new process, or the process died trying.
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> !restarted.isAlive() || userReconciles(metrics) >= everyUser);

      assertThat(restarted.isAlive()).as(restarted.lastOutput()).isTrue();
      assertThat(restarted.lastOutput()).doesNotContain("OutOfMemoryError");
      // The re-checks ran within the budget a 256 MiB heap allows, not one per reconcile thread.
      double permits = gauge(metrics, "keyward_argon2_permits");
      assertThat(permits)
          .isBetween(1.0, (double) PasswordWork.permitsFor(256L * 1024 * 1024, Integer.MAX_VALUE));
      assertThat(gauge(metrics, "keyward_argon2_concurrent_peak")).isBetween(1.0, permits);
      // Each password was checked and kept, not issued anew: no password Secret was rewritten.
      assertThat(hashes(ns)).isEqualTo(hashes);
    }
  }

  private static boolean allPasswordsRecorded(String ns) {
    return TestCluster.client().resources(ApiUser.class).inNamespace(ns).list().getItems().stream()
        .allMatch(
            u ->
                u.getStatus() != null
                    && u.getStatus().getConditions() != null
                    && u.getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                "PasswordReady".equals(c.getType())
                                    && "True".equals(c.getStatus())));
  }

  /** The generated password Secrets, by name, with the version of their content. */
  private static Map<String, String> hashes(String ns) {
    return TestCluster.client().secrets().inNamespace(ns).list().getItems().stream()
        .filter(secret -> "kubernetes.io/basic-auth".equals(secret.getType()))
        .collect(
            Collectors.toMap(
                secret -> secret.getMetadata().getName(),
                secret ->
                    secret.getMetadata().getUid()
                        + "/"
                        + secret.getMetadata().getResourceVersion()));
  }

  private static String scrape(int metricsPort) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The value of an unlabelled gauge. */
  private static double gauge(int metricsPort, String name) throws Exception {
    return scrape(metricsPort)
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gauge " + name));
  }

  /** ApiUser reconciles the process has finished, from its Prometheus endpoint. */
  private static double userReconciles(int metricsPort) {
    try {
      return scrape(metricsPort)
          .lines()
          .filter(l -> l.startsWith("operator_sdk_controllers_execution_reconcile_seconds_count"))
          .filter(l -> l.contains("controller=\"apiuser\""))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (Exception notYet) {
      return 0;
    }
  }
}
