package dev.keyward.apiserver;

import static dev.keyward.testing.Applications.awaitPhase;
import static dev.keyward.testing.Applications.yaml;
import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.Application;
import dev.keyward.api.Condition;
import dev.keyward.credential.KeyHasher;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Applications;
import dev.keyward.testing.Http;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deprecation (Sunbird's "deprecate a credential"): the keyward.dev/deprecate annotation makes a
 * token or Application Deprecated; its key verifies for no call, nothing but a rotation (a new key)
 * brings it back, and the deprecated key never verifies again.
 */
class DeprecationIT {

  private static final String ISSUER = "https://keyward.test";

  private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();
  private static KeywardOperator operator;
  private static VerificationServer server;
  private static int clients;
  private Http http;
  private String ns;

  @BeforeAll
  static void start() {
    Metrics.addRegistry(METRICS);
    Applications.ensureProjectClusterRoles();
    String keys = TestCluster.createNamespace("keyward-system");
    operator = TestOperator.start();
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            0,
            ExchangeSettings.defaults(ISSUER, keys, TestOperator.exampleRoleMapSource()));
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
    Metrics.removeRegistry(METRICS);
  }

  @BeforeEach
  void setUp() {
    http = new Http(server.port(), "192.0.2." + (++clients));
    ns = TestCluster.createNamespace("deprecation");
    apply(ns, userYaml("consumer", "roles: [runner]"));
  }

  private int auth(String key) {
    return http.get("/auth", "X-API-Key", key).statusCode();
  }

  private List<String> eventReasons() {
    return TestCluster.client().v1().events().inNamespace(ns).list().getItems().stream()
        .map(e -> e.getReason())
        .toList();
  }

  private static double deprecatedRefusals() {
    return METRICS.counter("keyward.verifications", "outcome", "deprecated").count();
  }

  @Test
  void aDeprecatedTokenIsRefusedByAuthAndComesBackOnlyByRotation() {
    apply(ns, tokenYaml("ci", "consumer", "rotation:\n    gracePeriod: 1h"));
    awaitTokenPhase(ns, "ci", "Active");
    String deprecated = secretValue(ns, "ci", "token");
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(deprecated) == 200);
    double refusedBefore = deprecatedRefusals();

    Resources.annotate(ApiToken.class, ns, "ci", "keyward.dev/deprecate", "2026-12-01");

    ApiToken token = awaitTokenPhase(ns, "ci", "Deprecated");
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(deprecated) == 401);
    assertThat(token.getStatus().getKey().getDeprecatedAt()).isNotNull();
    assertThat(token.getStatus().getLastDeprecationRequest()).isEqualTo("2026-12-01");
    Condition ready = condition(token.getStatus(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Deprecated");
    assertThat(ready.getMessage()).contains("keyward.dev/rotate").doesNotContain(deprecated);
    await().atMost(Duration.ofSeconds(5)).until(() -> eventReasons().contains("Deprecated"));
    assertThat(deprecatedRefusals()).isGreaterThan(refusedBefore);
    // The Secret keeps the key: the consumer still holds what it must rotate.
    assertThat(secretValue(ns, "ci", "token")).isEqualTo(deprecated);

    // Neither removing the annotation nor a disable and re-enable undeprecates the same key.
    TestCluster.client()
        .resources(ApiToken.class)
        .inNamespace(ns)
        .withName("ci")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"keyward.dev/deprecate\":null}}}");
    apply(ns, tokenYaml("ci", "consumer", "rotation:\n    gracePeriod: 1h\n  enabled: false"));
    awaitTokenPhase(ns, "ci", "Disabled");
    apply(ns, tokenYaml("ci", "consumer", "rotation:\n    gracePeriod: 1h\n  enabled: true"));
    awaitTokenPhase(ns, "ci", "Deprecated");
    assertThat(auth(deprecated)).isEqualTo(401);

    Resources.annotate(ApiToken.class, ns, "ci", "keyward.dev/rotate", "1");

    awaitTokenPhase(ns, "ci", "Active");
    String fresh = secretValue(ns, "ci", "token");
    assertThat(fresh).isNotEqualTo(deprecated);
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(fresh) == 200);
    token = token(ns, "ci");
    assertThat(KeyHasher.matches(fresh, token.getStatus().getKey())).isTrue();
    assertThat(token.getStatus().getKey().getDeprecatedAt()).isNull();
    // No grace period for a deprecated key, despite rotation.gracePeriod.
    assertThat(token.getStatus().getPreviousKeys()).isEmpty();
    assertThat(auth(deprecated)).isEqualTo(401);
    assertThat(eventReasons()).contains("KeyRotated");
  }

  @Test
  void keysInGraceBeforeTheDeprecationNeverVerifyAgain() {
    apply(ns, tokenYaml("rolled", "consumer", "rotation:\n    gracePeriod: 1h"));
    awaitTokenPhase(ns, "rolled", "Active");
    String first = secretValue(ns, "rolled", "token");
    Resources.annotate(ApiToken.class, ns, "rolled", "keyward.dev/rotate", "1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> token(ns, "rolled").getStatus().getPreviousKeys().size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(first) == 200);

    Resources.annotate(ApiToken.class, ns, "rolled", "keyward.dev/deprecate", "1");
    awaitTokenPhase(ns, "rolled", "Deprecated");
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(first) == 401);

    Resources.annotate(ApiToken.class, ns, "rolled", "keyward.dev/rotate", "2");
    awaitTokenPhase(ns, "rolled", "Active");
    String third = secretValue(ns, "rolled", "token");
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(third) == 200);
    assertThat(auth(first)).isEqualTo(401);
  }

  @Test
  void aDeprecatedApplicationCannotExchangeItsSecretUntilRotated() {
    apply(ns, yaml("pipeline", "[researcher]", "[]", "tokenLifetime: 15m"));
    awaitPhase(ns, "pipeline", "Active");
    String appId = secretValue(ns, "pipeline", "appId");
    String deprecated = secretValue(ns, "pipeline", "appSecret");
    await().atMost(Duration.ofSeconds(5)).until(() -> exchange(appId, deprecated) == 200);

    Resources.annotate(Application.class, ns, "pipeline", "keyward.dev/deprecate", "1");

    Application app = awaitPhase(ns, "pipeline", "Deprecated");
    assertThat(condition(app.getStatus(), "Ready").orElseThrow().getReason())
        .isEqualTo("Deprecated");
    await().atMost(Duration.ofSeconds(5)).until(() -> exchange(appId, deprecated) == 401);

    Resources.annotate(Application.class, ns, "pipeline", "keyward.dev/rotate", "1");

    awaitPhase(ns, "pipeline", "Active");
    String fresh = secretValue(ns, "pipeline", "appSecret");
    assertThat(fresh).isNotEqualTo(deprecated);
    await().atMost(Duration.ofSeconds(5)).until(() -> exchange(appId, fresh) == 200);
    assertThat(exchange(appId, deprecated)).isEqualTo(401);
  }

  private int exchange(String appId, String appSecret) {
    return http.postJson(
            "/api/v1/token",
            new JsonObject()
                .put("grantType", "app_token")
                .put("AppId", appId)
                .put("AppSecret", appSecret)
                .encode())
        .statusCode();
  }
}
