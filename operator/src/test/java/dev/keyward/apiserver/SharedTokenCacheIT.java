package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.cache.ListPages;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.RequestLog;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica that reconciles and verifies caches ApiTokens once: verification reads the apitoken
 * controller's cache, so the process lists and watches ApiTokens once, in pages, and a change stops
 * a key as soon as that cache sees it.
 */
class SharedTokenCacheIT {

  @Test
  void verificationBesideTheOperatorReadsTheControllersCacheAndFollowsIt() {
    String ns = TestCluster.createNamespace("shared-cache");
    RequestLog log = new RequestLog();
    try (KubernetesClient counted = log.client();
        KeywardOperator operator =
            new KeywardOperator(
                counted, KeywardConfig.defaults(TestOperator.exampleRoleMapSource()));
        VerificationServer server =
            VerificationServer.besideOperator(
                counted,
                Clock.systemUTC(),
                TestServers.behindLoopbackProxy(),
                operator.tokenCache())) {
      operator.start();
      apply(ns, userYaml("sam", "roles: [runner]"));
      apply(ns, tokenYaml("ci", "sam", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "ci", "Active");
      String key = secretValue(ns, "ci", "token");
      Http http = new Http(server.port());

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> http.get("/auth", "Token", key).statusCode() == 200);
      assertThat(server.isReady()).isTrue();
      assertThat(http.get("/auth", "Token", key).headers().firstValue("X-Keyward-User"))
          .hasValue("sam");

      // One informer of ApiTokens in the whole process, listing in pages.
      assertThat(apiTokenReads(log, "watch")).hasSize(1);
      assertThat(apiTokenReads(log, "list"))
          .isNotEmpty()
          .allSatisfy(list -> assertThat(list).contains("limit=" + ListPages.SIZE));

      // Disabling the token stops its key as soon as the controller's cache sees the change.
      apply(ns, tokenYaml("ci", "sam", "enabled: false\n  scopes: [runners.read]"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> http.get("/auth", "Token", key).statusCode() == 401);
    }
  }

  /** The GETs of ApiTokens across namespaces: "watch" ones, or the lists. */
  private static List<String> apiTokenReads(RequestLog log, String kind) {
    return log.requests.stream()
        .filter(r -> r.startsWith("GET ") && r.contains("/apitokens?"))
        .filter(r -> r.contains("watch=true") == kind.equals("watch"))
        .toList();
  }
}
