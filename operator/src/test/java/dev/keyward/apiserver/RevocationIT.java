package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.Application;
import dev.keyward.api.KeyHash;
import dev.keyward.credential.KeyHasher;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Applications;
import dev.keyward.testing.Http;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation: the keyward.dev/revoke annotation replaces a key with no grace for any earlier one,
 * once per value; a reissue (deleted Secret) also ends the grace of keys rotated out before.
 */
class RevocationIT {

  private static KeywardOperator operator;
  private static VerificationServer server;
  private static int clients;
  private Http http;
  private String ns;

  @BeforeAll
  static void start() {
    operator = TestOperator.start();
    server = VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  @BeforeEach
  void setUp() {
    http = new Http(server.port(), "192.0.2." + (++clients));
    ns = TestCluster.createNamespace("revocation");
    apply(ns, userYaml("owner", "roles: [runner]"));
  }

  private int auth(String key) {
    return http.get("/auth", "Token", key).statusCode();
  }

  private String activeKey(String name) {
    apply(ns, tokenYaml(name, "owner", "rotation:\n    gracePeriod: 1h"));
    awaitTokenPhase(ns, name, "Active");
    String key = secretValue(ns, name, "token");
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(key) == 200);
    return key;
  }

  private static <T extends HasMetadata> void annotate(
      Class<T> type, String ns, String name, String annotation, String value) {
    Resources.annotate(type, ns, name, annotation, value);
  }

  /** Waits until the Secret holds a key other than {@code old} and the status records it. */
  private String awaitNewTokenKey(String name, String old) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              String now = secretValue(ns, name, "token");
              KeyHash record = token(ns, name).getStatus().getKey();
              return !now.equals(old) && KeyHasher.matches(now, record);
            });
    String key = secretValue(ns, name, "token");
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(key) == 200);
    return key;
  }

  private List<String> eventReasons() {
    return TestCluster.client().v1().events().inNamespace(ns).list().getItems().stream()
        .map(e -> e.getReason())
        .toList();
  }

  @Test
  void revokeAnnotationEndsTheKeyAndEveryKeyInGraceOncePerValue() {
    String first = activeKey("revoked");
    annotate(ApiToken.class, ns, "revoked", "keyward.dev/rotate", "1");
    String second = awaitNewTokenKey("revoked", first);
    assertThat(token(ns, "revoked").getStatus().getPreviousKeys()).hasSize(1);
    assertThat(auth(first)).as("rotated out, still in its grace period").isEqualTo(200);

    annotate(ApiToken.class, ns, "revoked", "keyward.dev/revoke", "2026-01-01T00:00:00Z");
    String third = awaitNewTokenKey("revoked", second);

    await().atMost(Duration.ofSeconds(5)).until(() -> auth(second) == 401);
    assertThat(auth(first)).as("the key in grace is revoked too").isEqualTo(401);
    assertThat(auth(third)).isEqualTo(200);
    ApiToken token = token(ns, "revoked");
    assertThat(token.getStatus().getPreviousKeys()).isEmpty();
    assertThat(token.getStatus().getLastRevocationRequest()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(eventReasons()).contains("KeyRevoked");

    // The value is acknowledged: a later reconcile (here a spec change) does not revoke again.
    apply(ns, tokenYaml("revoked", "owner", "rotation:\n    gracePeriod: 1h\n  description: d"));
    long generation = token(ns, "revoked").getMetadata().getGeneration();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Long.valueOf(generation)
                    .equals(token(ns, "revoked").getStatus().getObservedGeneration()));
    assertThat(secretValue(ns, "revoked", "token")).isEqualTo(third);
    assertThat(auth(third)).isEqualTo(200);
  }

  @Test
  void revocationOfADisabledTokenTakesEffectWhenItIsEnabledAgain() {
    String first = activeKey("paused");
    apply(ns, tokenYaml("paused", "owner", "rotation:\n    gracePeriod: 1h\n  enabled: false"));
    awaitTokenPhase(ns, "paused", "Disabled");
    annotate(ApiToken.class, ns, "paused", "keyward.dev/revoke", "while-disabled");

    apply(ns, tokenYaml("paused", "owner", "rotation:\n    gracePeriod: 1h\n  enabled: true"));
    String second = awaitNewTokenKey("paused", first);

    assertThat(auth(first)).as("the revoked key does not come back").isEqualTo(401);
    assertThat(auth(second)).isEqualTo(200);
    assertThat(token(ns, "paused").getStatus().getPreviousKeys()).isEmpty();
  }

  @Test
  void reissueAfterADeletedSecretEndsTheGraceOfEarlierKeys() {
    String first = activeKey("reissued");
    annotate(ApiToken.class, ns, "reissued", "keyward.dev/rotate", "1");
    String second = awaitNewTokenKey("reissued", first);
    assertThat(auth(first)).as("rotated out, still in its grace period").isEqualTo(200);

    TestCluster.client().secrets().inNamespace(ns).withName("reissued").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var secret = TestCluster.client().secrets().inNamespace(ns).withName("reissued");
              return secret.get() != null
                  && !secretValue(ns, "reissued", "token").equals(second)
                  && KeyHasher.matches(
                      secretValue(ns, "reissued", "token"),
                      token(ns, "reissued").getStatus().getKey());
            });
    String third = secretValue(ns, "reissued", "token");

    await().atMost(Duration.ofSeconds(5)).until(() -> auth(third) == 200);
    assertThat(auth(second)).isEqualTo(401);
    assertThat(auth(first)).as("the key that was in grace no longer verifies").isEqualTo(401);
    assertThat(token(ns, "reissued").getStatus().getPreviousKeys()).isEmpty();
  }

  @Test
  void revokeAnnotationOnAnApplicationEndsTheOldAppSecretAtOnce() {
    apply(ns, Applications.yaml("app", "[runner]", "[]", "rotation:\n    gracePeriod: 1h"));
    Applications.awaitPhase(ns, "app", "Active");
    String appId = secretValue(ns, "app", "appId");
    String old = secretValue(ns, "app", "appSecret");
    await().atMost(Duration.ofSeconds(5)).until(() -> exchange(appId, old) == 200);

    annotate(Application.class, ns, "app", "keyward.dev/revoke", "now");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              String current = secretValue(ns, "app", "appSecret");
              return !current.equals(old)
                  && KeyHasher.matches(current, Applications.get(ns, "app").getStatus().getKey());
            });
    String fresh = secretValue(ns, "app", "appSecret");

    await().atMost(Duration.ofSeconds(5)).until(() -> exchange(appId, fresh) == 200);
    assertThat(exchange(appId, old)).isEqualTo(401);
    Application app = Applications.get(ns, "app");
    assertThat(app.getStatus().getPreviousKeys()).isEmpty();
    assertThat(app.getStatus().getLastRevocationRequest()).isEqualTo("now");
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
