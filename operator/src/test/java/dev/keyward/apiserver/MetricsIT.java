package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.credential.KeyFormat;
import dev.keyward.metrics.MetricsServer;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.operator.OperatorOptions;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Prometheus scrapes credential phases, expiry timestamps and reconcile durations. */
class MetricsIT {

  private static String scrape(MetricsServer server) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return response.body();
  }

  private static Optional<Double> sample(String body, String metric, String... labels) {
    for (String line : body.lines().toList()) {
      if (line.startsWith(metric + "{")) {
        boolean all = true;
        for (String label : labels) {
          all &= line.contains(label);
        }
        if (all) {
          Matcher value = Pattern.compile("\\} (\\S+)$").matcher(line);
          if (value.find()) {
            return Optional.of(Double.parseDouble(value.group(1)));
          }
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void scrapeShowsExpiryTimestampsPhasesAndReconcileDurationsButNoKeys() throws Exception {
    String ns = TestCluster.createNamespace("metrics");
    PrometheusMeterRegistry registry = OperatorOptions.prometheusRegistry();
    KeywardOperator operator =
        new KeywardOperator(
            TestCluster.client(),
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource()),
            new OperatorOptions(Optional.empty(), registry));
    operator.start();
    try (MetricsServer metrics = MetricsServer.start(0, registry, operator::refreshMetrics)) {
      apply(ns, userYaml("dave", "roles: [runner]"));
      apply(
          ns,
          tokenYaml(
              "dave-ci", "dave", "scopes: [runners.read]\n  expires: \"2030-01-01T00:00:00Z\""));
      apply(ns, tokenYaml("dave-forever", "dave", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "dave-ci", "Active");
      awaitTokenPhase(ns, "dave-forever", "Active");

      String namespaceLabel = "namespace=\"" + ns + "\"";
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                String body = scrape(metrics);
                assertThat(
                        sample(
                            body,
                            "keyward_credential_expiration_timestamp_seconds",
                            namespaceLabel,
                            "name=\"dave-ci\"",
                            "kind=\"ApiToken\""))
                    .hasValue((double) Instant.parse("2030-01-01T00:00:00Z").getEpochSecond());
                assertThat(body)
                    .contains("# TYPE keyward_credential_expiration_timestamp_seconds gauge");
                assertThat(
                        sample(
                            body, "keyward_credentials", "kind=\"ApiToken\"", "phase=\"Active\""))
                    .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(2));
                assertThat(
                        sample(body, "keyward_credentials", "kind=\"ApiUser\"", "phase=\"Active\""))
                    .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
                assertThat(
                        sample(
                            body,
                            "operator_sdk_controllers_execution_reconcile_seconds_count",
                            "controller=\"apitoken\""))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
              });

      String body = scrape(metrics);
      // A token that never expires has no expiry sample.
      assertThat(
              sample(
                  body, "keyward_credential_expiration_timestamp_seconds", "name=\"dave-forever\""))
          .isEmpty();
      assertThat(body)
          .doesNotContain(secretValue(ns, "dave-ci", "token"))
          .doesNotContain(secretValue(ns, "dave-forever", "token"));

      TestCluster.client()
          .resources(dev.keyward.api.ApiToken.class)
          .inNamespace(ns)
          .withName("dave-ci")
          .delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          sample(
                              scrape(metrics),
                              "keyward_credential_expiration_timestamp_seconds",
                              namespaceLabel,
                              "name=\"dave-ci\""))
                      .isEmpty());
    } finally {
      operator.close();
    }
  }

  @Test
  void verificationOutcomesAreCountedWithTheOutcomeAsTheOnlyLabel() throws Exception {
    String ns = TestCluster.createNamespace("metrics-verify");
    PrometheusMeterRegistry registry = OperatorOptions.prometheusRegistry();
    Metrics.addRegistry(registry);
    KeywardOperator operator =
        new KeywardOperator(
            TestCluster.client(),
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource()),
            new OperatorOptions(Optional.empty(), registry));
    operator.start();
    try (MetricsServer metrics = MetricsServer.start(0, registry, operator::refreshMetrics);
        VerificationServer verification =
            VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0)) {
      apply(ns, userYaml("erin", "roles: [runner]"));
      apply(ns, tokenYaml("erin-ci", "erin", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "erin-ci", "Active");
      String key = secretValue(ns, "erin-ci", "token");
      Http http = new Http(verification.port());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> http.get("/auth", "X-API-Key", key).statusCode() == 200);
      assertThat(
              http.get("/auth", "X-API-Key", key.substring(0, key.length() - 1) + "x").statusCode())
          .isEqualTo(401);
      assertThat(http.get("/auth?api_key=" + key).statusCode()).isEqualTo(400);

      String body = scrape(metrics);
      assertThat(sample(body, "keyward_verifications_total", "outcome=\"valid\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(sample(body, "keyward_verifications_total", "outcome=\"unauthorized\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(sample(body, "keyward_verifications_total", "outcome=\"bad_request\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      assertThat(body.lines().filter(l -> l.startsWith("keyward_verifications_total{")))
          .allSatisfy(
              l ->
                  assertThat(l).matches("keyward_verifications_total\\{outcome=\"[a-z_]+\"\\} .*"));
      assertThat(body).doesNotContain(key);
    } finally {
      Metrics.removeRegistry(registry);
      operator.close();
    }
  }

  @Test
  void everyThrottledAnswerIsCountedWhicheverEndpointGaveIt() throws Exception {
    PrometheusMeterRegistry registry = OperatorOptions.prometheusRegistry();
    Metrics.addRegistry(registry);
    try (VerificationServer verification =
        VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0)) {
      Http http = new Http(verification.port());
      String bad = new KeyFormat("kwt").generate();
      int throttled = 0;
      for (int i = 0; i <= VerificationServer.MAX_FAILURES_PER_MINUTE; i++) {
        throttled += http.get("/auth", "X-API-Key", bad).statusCode() == 429 ? 1 : 0;
      }
      throttled +=
          http.postForm("/login", "namespace=default&username=nobody&password=wrong", null)
                      .statusCode()
                  == 429
              ? 1
              : 0;
      throttled +=
          http.postForm(
                          "/oauth/token",
                          "grant_type=client_credentials&client_id=nobody&client_secret=wrong",
                          null)
                      .statusCode()
                  == 429
              ? 1
              : 0;

      assertThat(throttled).isEqualTo(3);
      assertThat(
              registry.get("keyward.verifications").tag("outcome", "throttled").counter().count())
          .isEqualTo(3.0);
    } finally {
      Metrics.removeRegistry(registry);
    }
  }
}
