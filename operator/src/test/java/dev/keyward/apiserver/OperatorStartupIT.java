package dev.keyward.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.Application;
import dev.keyward.operator.HealthServer;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.Kubectl;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The operator starts against a real API server, reports readiness, and stops cleanly. */
class OperatorStartupIT {

  @Test
  void operatorBecomesReadyReconcilesAndStopsGracefully() throws Exception {
    String namespace = TestCluster.createNamespace("startup");
    KeywardOperator operator =
        new KeywardOperator(
            TestCluster.client(), KeywardConfig.defaults(TestOperator.exampleRoleMapSource()));
    try (HealthServer health = HealthServer.start(0, operator::runtimeInfo)) {
      HttpClient http = HttpClient.newHttpClient();
      URI readyz = URI.create("http://localhost:" + health.port() + "/readyz");
      URI healthz = URI.create("http://localhost:" + health.port() + "/healthz");
      assertThat(status(http, healthz)).isEqualTo(200);
      assertThat(status(http, readyz)).isEqualTo(503);

      operator.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> status(http, readyz) == 200);
      String example = TestCluster.repoRoot().resolve("examples/runai-application.yaml").toString();
      assertThat(Kubectl.run(null, "apply", "-n", namespace, "-f", example).exitCode()).isZero();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Application app =
                    TestCluster.client()
                        .resources(Application.class)
                        .inNamespace(namespace)
                        .withName("training-pipeline")
                        .get();
                assertThat(app.getStatus()).isNotNull();
                assertThat(app.getStatus().getObservedGeneration()).isEqualTo(1L);
                assertThat(app.getStatus().getConditions()).extracting("type").contains("Ready");
              });
    } finally {
      operator.close();
    }
    assertThat(operator.runtimeInfo().isStarted()).isFalse();
  }

  private static int status(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
