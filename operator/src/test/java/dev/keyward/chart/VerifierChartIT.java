package dev.keyward.chart;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.awaitUserPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.KeywardNames;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.SigningKeys;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.ServerSettings;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's verifier-only ServiceAccount, impersonated: it may list and watch Keyward resources
 * and read the Secrets of the release namespace (signing keys, password records), nothing else — no
 * Secret in another namespace — and a verifier running with exactly those rights answers /auth and
 * /login.
 */
class VerifierChartIT {

  private static boolean allowed(
      KubernetesClient client, String group, String resource, String verb, String ns, String name) {
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(
            new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withGroup(group)
                .withResource(resource)
                .withVerb(verb)
                .withNamespace(ns)
                .withName(name)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }

  @Test
  void verifierServiceAccountReadsOnlyKeywardResourcesAndTheSigningKeys() {
    String releaseNs = TestCluster.createNamespace("keyward-system");
    String tenantNs = TestCluster.createNamespace("tenant");
    List<HasMetadata> objects =
        HelmChart.renderObjects("verifier-rbac", releaseNs, Map.of("verifier.separate", true));
    ChartInstall.apply(objects);

    try (KubernetesClient verifier =
        ChartInstall.clientAs(releaseNs, "verifier-rbac-keyward-verifier")) {
      assertThat(allowed(verifier, "", "secrets", "get", tenantNs, "some-token")).isFalse();
      assertThat(allowed(verifier, "", "secrets", "list", tenantNs, null)).isFalse();
      assertThat(allowed(verifier, "", "secrets", "watch", null, null)).isFalse();
      assertThat(allowed(verifier, "", "secrets", "get", tenantNs, "keyward-signing-keys"))
          .as("the signing keys by name, but only in the release namespace")
          .isFalse();
      assertThat(allowed(verifier, "", "secrets", "get", releaseNs, "keyward-signing-keys"))
          .isTrue();
      assertThat(allowed(verifier, "", "secrets", "get", releaseNs, "other")).isFalse();
      // The password records the operator keeps in the release namespace, for /login.
      assertThat(allowed(verifier, "", "secrets", "list", releaseNs, null)).isTrue();
      assertThat(allowed(verifier, "", "secrets", "watch", releaseNs, null)).isTrue();
      assertThat(allowed(verifier, "", "secrets", "list", null, null)).isFalse();
      assertThat(allowed(verifier, "", "secrets", "watch", tenantNs, null)).isFalse();
      assertThat(allowed(verifier, "", "secrets", "delete", releaseNs, "any")).isFalse();
      assertThat(allowed(verifier, "", "secrets", "create", releaseNs, null)).isFalse();
      assertThat(allowed(verifier, "", "secrets", "update", releaseNs, "keyward-signing-keys"))
          .isFalse();

      assertThat(allowed(verifier, "keyward.dev", "apitokens", "list", null, null)).isTrue();
      assertThat(allowed(verifier, "keyward.dev", "apitokens", "watch", null, null)).isTrue();
      assertThat(allowed(verifier, "keyward.dev", "apiusers", "watch", tenantNs, null)).isTrue();
      assertThat(allowed(verifier, "keyward.dev", "applications", "list", null, null)).isTrue();
      assertThat(allowed(verifier, "keyward.dev", "apitokens", "update", tenantNs, "t")).isFalse();
      assertThat(allowed(verifier, "keyward.dev", "apitokens", "patch", tenantNs, "t")).isFalse();
      assertThat(allowed(verifier, "", "serviceaccounts", "list", null, null)).isFalse();
      assertThat(allowed(verifier, "coordination.k8s.io", "leases", "get", releaseNs, null))
          .isFalse();
    }
  }

  @Test
  void verifierWithOnlyTheChartsRightsVerifiesKeys() {
    String releaseNs = TestCluster.createNamespace("keyward-system");
    ChartInstall.apply(
        HelmChart.renderObjects("verifier-run", releaseNs, Map.of("verifier.separate", true)));
    ExchangeSettings settings =
        ExchangeSettings.defaults(
            "http://verifier-run-keyward-verifier." + releaseNs + ".svc:8080",
            releaseNs,
            TestOperator.exampleRoleMapSource());
    String ns = TestCluster.createNamespace("verified");
    // As the chart runs it: the operator keeps its password records in the release namespace.
    KeywardOperator operator = TestOperator.startIn(releaseNs);
    // The operator creates the signing keys; the verifier only reads them.
    SigningKeys keys =
        SigningKeys.start(TestCluster.client(), settings, Clock.systemUTC(), Duration.ofHours(1));
    try (KubernetesClient asVerifier =
        ChartInstall.clientAs(releaseNs, "verifier-run-keyward-verifier")) {
      VerificationServer verifier =
          VerificationServer.startVerifierOnly(
              asVerifier, Clock.systemUTC(), ServerSettings.defaults(0, settings));
      try {
        apply(ns, userYaml("vera", "roles: [runner]\n  password:\n    generate: true"));
        apply(ns, tokenYaml("vera-ci", "vera", "scopes: [runners.read]"));
        awaitTokenPhase(ns, "vera-ci", "Active");
        String key = secretValue(ns, "vera-ci", "token");
        Http http = new Http(verifier.port());

        await().atMost(Duration.ofSeconds(10)).until(verifier::isReady);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> http.get("/auth", "Token", key).statusCode() == 200);
        assertThat(http.get("/auth", "Token", key + "x").statusCode()).isEqualTo(401);
        assertThat(http.get("/.well-known/jwks.json").statusCode()).isEqualTo(200);

        awaitUserPhase(ns, "vera", "Active");
        String password = secretValue(ns, "vera-password", "password");
        String form =
            "namespace="
                + ns
                + "&username=vera&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> http.postForm("/login", form, null).statusCode() == 200);
        assertThat(http.postForm("/login", form + "x", null).statusCode()).isEqualTo(401);
        assertThat(
                TestCluster.client()
                    .secrets()
                    .inNamespace(ns)
                    .withLabel(KeywardNames.PASSWORD_RECORD_LABEL)
                    .list()
                    .getItems())
            .isEmpty();
      } finally {
        verifier.close();
      }
    } finally {
      keys.close();
      operator.close();
    }
  }
}
