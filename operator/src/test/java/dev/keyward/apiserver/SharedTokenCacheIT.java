package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.cache.ListPages;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Http;
import dev.keyward.testing.RequestLog;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replica that reconciles and verifies caches ApiTokens once: verification reads the apitoken
 * controller's cache, so the process lists and watches ApiTokens once, in pages, and a change stops
 * a key as soon as that cache sees it; a tenant with edit in its namespace gets no key of its own
 * making through it.
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

  @Test
  void anEditorOfItsNamespaceGetsNoKeyOfItsOwnMakingPastTheSharedCache() {
    String ns = TestCluster.createNamespace("shared-cache-tenant");
    String operatorNs = TestCluster.createNamespace("shared-cache-keyward");
    // The chart's aggregated roles, so that edit covers Keyward's kinds (and their status
    // read-only).
    ChartInstall.apply(
        HelmChart.renderObjects("shared-cache-keyward", operatorNs, Map.of()).stream()
            .filter(o -> o instanceof ClusterRole)
            .filter(
                o ->
                    o.getMetadata().getLabels().keySet().stream()
                        .anyMatch(l -> l.startsWith("rbac.authorization.k8s.io/aggregate-to-")))
            .toList());
    String user = "mallory-" + ns;
    KubernetesClient mallory = Tenants.editor(ns, user);
    try (KeywardOperator operator =
            new KeywardOperator(
                TestCluster.client(), KeywardConfig.defaults(TestOperator.exampleRoleMapSource()));
        VerificationServer server =
            VerificationServer.besideOperator(
                TestCluster.client(),
                Clock.systemUTC(),
                TestServers.behindLoopbackProxy(),
                operator.tokenCache())) {
      operator.start();
      String issued = activeTokenOfNewUser(mallory, ns, "mal", "own");
      Http http = new Http(server.port());

      // A key of its own making cannot be written into a status: edit may only read it.
      String invented = new KeyFormat("kwt").generate();
      assertThatThrownBy(
              () ->
                  mallory
                      .resources(ApiToken.class)
                      .inNamespace(ns)
                      .withName("own")
                      .subresource("status")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"status\":{\"phase\":\"Active\",\"key\":{\"algorithm\":\"sha256\","
                              + "\"digest\":\""
                              + KeyHasher.digest(invented)
                              + "\"}}}"))
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
      assertThat(http.get("/auth", "Token", invented, "X-Forwarded-For", "10.0.0.1").statusCode())
          .isEqualTo(401);

      // The issued key answers as the tenant's own user, whatever identity headers it sends.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> http.get("/auth", "Token", issued).statusCode() == 200);
      HttpResponse<String> answer =
          http.get(
              "/auth",
              "Token",
              issued,
              "X-Keyward-User",
              "admin",
              "X-Keyward-Namespace",
              "kube-system",
              "X-Keyward-Groups",
              "system:masters");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().allValues("X-Keyward-User")).containsExactly("mal");
      assertThat(answer.headers().allValues("X-Keyward-Namespace")).containsExactly(ns);
      assertThat(answer.headers().allValues("X-Keyward-Groups")).doesNotContain("system:masters");

      // The answer remembered for the key does not outlive what it was made from: a second
      // ApiUser claiming the same username does not take the key over, and disabling the token
      // stops it.
      String holder =
          mallory
              .resources(ApiUser.class)
              .inNamespace(ns)
              .withName("mal")
              .get()
              .getMetadata()
              .getUid();
      mallory
          .resource(
              Serialization.unmarshal(
                  userYaml("mal-twin", "username: mal\n  roles: [runner]"), ApiUser.class))
          .inNamespace(ns)
          .create();
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> http.get("/auth", "Token", issued).headers().allValues("X-Keyward-User-Id"),
              ids -> ids.equals(List.of(holder)));
      mallory
          .resources(ApiToken.class)
          .inNamespace(ns)
          .withName("own")
          .edit(
              t -> {
                t.getSpec().setEnabled(false);
                return t;
              });
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> http.get("/auth", "Token", issued).statusCode() == 401);

      // Another tenant's remembered answer follows that tenant's users only: the editor can
      // neither change them nor take the username over from its own namespace, and churning its
      // own users keeps no stale answer alive there: disabling that user stops its key at once.
      String victimNs = TestCluster.createNamespace("shared-cache-victim");
      KubernetesClient admin = TestCluster.client();
      String victimKey = activeTokenOfNewUser(admin, victimNs, "vic", "vic-ci");
      String victimId =
          admin
              .resources(ApiUser.class)
              .inNamespace(victimNs)
              .withName("vic")
              .get()
              .getMetadata()
              .getUid();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> http.get("/auth", "Token", victimKey).statusCode() == 200);
      assertThatThrownBy(
              () ->
                  mallory
                      .resources(ApiUser.class)
                      .inNamespace(victimNs)
                      .withName("vic")
                      .edit(
                          u -> {
                            u.getSpec().setGroups(List.of("system:masters"));
                            return u;
                          }))
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
      for (int i = 0; i < 5; i++) {
        mallory
            .resource(
                Serialization.unmarshal(
                    userYaml("vic-" + i, "username: vic\n  roles: [runner]"), ApiUser.class))
            .inNamespace(ns)
            .create();
      }
      HttpResponse<String> victim = http.get("/auth", "Token", victimKey);
      assertThat(victim.statusCode()).isEqualTo(200);
      assertThat(victim.headers().allValues("X-Keyward-User-Id")).containsExactly(victimId);
      assertThat(victim.headers().allValues("X-Keyward-Namespace")).containsExactly(victimNs);
      admin
          .resources(ApiUser.class)
          .inNamespace(victimNs)
          .withName("vic")
          .edit(
              u -> {
                u.getSpec().setEnabled(false);
                return u;
              });
      mallory.resources(ApiUser.class).inNamespace(ns).withName("vic-0").delete();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> http.get("/auth", "Token", victimKey).statusCode() == 401);
    }
  }

  /** The GETs of ApiTokens across namespaces: "watch" ones, or the lists. */
  /**
   * Creates, as {@code as}, an ApiUser (role runner) and an ApiToken of it (scope runners.read),
   * waits until the token is Active and returns its key.
   */
  private static String activeTokenOfNewUser(
      KubernetesClient as, String ns, String user, String token) {
    as.resource(Serialization.unmarshal(userYaml(user, "roles: [runner]"), ApiUser.class))
        .inNamespace(ns)
        .create();
    as.resource(
            Serialization.unmarshal(
                tokenYaml(token, user, "scopes: [runners.read]"), ApiToken.class))
        .inNamespace(ns)
        .create();
    awaitTokenPhase(ns, token, "Active");
    return secretValue(ns, token, "token");
  }

  private static List<String> apiTokenReads(RequestLog log, String kind) {
    return log.requests.stream()
        .filter(r -> r.startsWith("GET ") && r.contains("/apitokens?"))
        .filter(r -> r.contains("watch=true") == kind.equals("watch"))
        .toList();
  }
}
