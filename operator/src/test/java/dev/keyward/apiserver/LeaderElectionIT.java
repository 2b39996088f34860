package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.operator.HealthServer;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.operator.LeaderElection;
import dev.keyward.operator.OperatorOptions;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two operator instances against one API server: only the Lease holder reconciles, the other takes
 * over within the lease duration when the first stops, and no key is issued twice.
 */
class LeaderElectionIT {

  private static final Duration LEASE = Duration.ofSeconds(4);

  private final KubernetesClient client = TestCluster.client();

  private static KeywardOperator start(String identity, String leaseNamespace, MeterRegistry r) {
    LeaderElection election =
        new LeaderElection(
            LeaderElection.DEFAULT_LEASE_NAME,
            leaseNamespace,
            identity,
            LEASE,
            Duration.ofSeconds(3),
            Duration.ofMillis(500),
            false);
    KeywardOperator operator =
        new KeywardOperator(
            TestCluster.client(),
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource()),
            new OperatorOptions(Optional.of(election), r));
    operator.start();
    return operator;
  }

  /** Reconciliations this instance ran, as its own JOSDK metrics count them. */
  private static long reconciliations(MeterRegistry registry) {
    return registry.find("operator.sdk.controllers.execution.reconcile").timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private String holder(String namespace) {
    Lease lease =
        client.leases().inNamespace(namespace).withName(LeaderElection.DEFAULT_LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private long keyIssuedEvents(String ns, String token) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "KeyIssued".equals(e.getReason()))
        .filter(e -> token.equals(e.getInvolvedObject().getName()))
        .count();
  }

  private static boolean verifies(VerificationServer replica, String key) {
    return new Http(replica.port()).get("/auth", "X-API-Key", key).statusCode() == 200;
  }

  private static int readyz(HealthServer health) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + health.port() + "/readyz"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void onlyTheLeaderReconcilesAndTheFollowerTakesOverWithoutIssuingKeysTwice() throws Exception {
    String leaseNs = TestCluster.createNamespace("ha-lease");
    String ns = TestCluster.createNamespace("ha");
    MeterRegistry metricsA = OperatorOptions.prometheusRegistry();
    MeterRegistry metricsB = OperatorOptions.prometheusRegistry();
    // Each replica is an operator plus its verification endpoints, which ignore leadership.
    KeywardOperator a = start("keyward-a", leaseNs, metricsA);
    VerificationServer verifyA = VerificationServer.start(client, Clock.systemUTC(), 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> "keyward-a".equals(holder(leaseNs)));
    KeywardOperator b = start("keyward-b", leaseNs, metricsB);
    VerificationServer verifyB = VerificationServer.start(client, Clock.systemUTC(), 0);
    try {

      apply(ns, userYaml("carol", "roles: [runner]"));
      apply(ns, tokenYaml("carol-ci", "carol", "scopes: [runners.read]"));
      ApiToken active = awaitTokenPhase(ns, "carol-ci", "Active");
      String key = secretValue(ns, "carol-ci", "token");
      String digest = active.getStatus().getKey().getDigest();

      for (VerificationServer replica : new VerificationServer[] {verifyA, verifyB}) {
        await().atMost(Duration.ofSeconds(10)).until(() -> verifies(replica, key));
      }
      assertThat(reconciliations(metricsA)).isPositive();
      assertThat(reconciliations(metricsB)).isZero();
      assertThat(holder(leaseNs)).isEqualTo("keyward-a");
      // The follower is Ready too: the Service routes HTTP requests to every replica.
      try (HealthServer healthA = HealthServer.start(0, a::runtimeInfo);
          HealthServer healthB = HealthServer.start(0, b::runtimeInfo)) {
        assertThat(readyz(healthA)).isEqualTo(200);
        assertThat(readyz(healthB)).isEqualTo(200);
      }

      a.close();
      verifyA.close();
      assertThat(verifies(verifyB, key)).isTrue();
      // The lease is not released on stop: B acquires it once it expires.
      await()
          .atMost(LEASE.plusSeconds(3))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> "keyward-b".equals(holder(leaseNs)));
      await().atMost(Duration.ofSeconds(30)).until(() -> reconciliations(metricsB) > 0);

      // B reconciles new work, and leaves the key A issued as it is.
      apply(ns, tokenYaml("carol-deploy", "carol", "scopes: [runners.run]"));
      awaitTokenPhase(ns, "carol-deploy", "Active");
      ApiToken after = client.resources(ApiToken.class).inNamespace(ns).withName("carol-ci").get();
      assertThat(after.getStatus().getPhase()).isEqualTo("Active");
      assertThat(after.getStatus().getKey().getDigest()).isEqualTo(digest);
      assertThat(secretValue(ns, "carol-ci", "token")).isEqualTo(key);
      assertThat(keyIssuedEvents(ns, "carol-ci")).isEqualTo(1);
      assertThat(keyIssuedEvents(ns, "carol-deploy")).isEqualTo(1);
      assertThat(verifies(verifyB, key)).isTrue();
      String deployKey = secretValue(ns, "carol-deploy", "token");
      await().atMost(Duration.ofSeconds(10)).until(() -> verifies(verifyB, deployKey));
    } finally {
      if (a.runtimeInfo().isStarted()) {
        a.close();
        verifyA.close();
      }
      b.close();
      verifyB.close();
    }
  }
}
