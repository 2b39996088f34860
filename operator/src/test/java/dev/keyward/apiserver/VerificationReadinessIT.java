package dev.keyward.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.operator.ClientConfigs;
import dev.keyward.operator.HealthServer;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the verification informers: a replica whose informers stop watching reports not
 * ready on the health port, so the Service stops sending it keys it might judge from a stale index.
 */
class VerificationReadinessIT {

  @Test
  void replicaWhoseVerificationInformersStopWatchingIsNotReady() {
    TestCluster.createNamespace("readiness");
    KubernetesClient client = ClientConfigs.client(TestCluster.client().getConfiguration());
    VerificationServer server = VerificationServer.start(client, Clock.systemUTC(), 0);
    HealthServer health = HealthServer.start(0, server::isReady);
    try {
      Http probe = new Http(health.port());
      await().atMost(Duration.ofSeconds(10)).until(() -> probe.get("/readyz").statusCode() == 200);

      // The connection to the API server is gone: the informers can no longer watch.
      client.close();

      await().atMost(Duration.ofSeconds(10)).until(() -> probe.get("/readyz").statusCode() == 503);
      assertThat(server.isReady()).isFalse();
      assertThat(probe.get("/healthz").statusCode()).as("alive, only not ready").isEqualTo(200);
    } finally {
      health.close();
      server.close();
    }
  }
}
