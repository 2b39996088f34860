package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.awaitUserPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.user;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.api.Condition;
import dev.keyward.api.KeywardNames;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.JwksVerifier;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a backend may trust, tried as an attacker on a real API server: a duplicate username, an
 * owner deleted and re-created under the same name, and scopes widened behind the operator's back.
 */
class IdentityTrustIT {

  private static final String ISSUER = "https://keyward.example.test";
  private static final String AUDIENCE = "identity-test";

  /** Slow enough that polling a refused key stays within the failure budget of one client. */
  private static final Duration POLL = Duration.ofMillis(400);

  private static VerificationServer server;
  private static int clients;
  private Http http;
  private static String loginNs;
  private static String keywardNs;

  @BeforeAll
  static void start() {
    loginNs = TestCluster.createNamespace("identity");
    keywardNs = TestCluster.createNamespace("keyward-system");
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            0,
            ExchangeSettings.defaults(ISSUER, keywardNs, TestOperator.exampleRoleMapSource())
                .withAudience(AUDIENCE));
  }

  /** Each test its own client address, so that failures expected here are not throttled. */
  @BeforeEach
  void client() {
    http = new Http(server.port(), "10.79.0." + ++clients);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private int auth(String key) {
    return http.get("/auth", "X-API-Key", key).statusCode();
  }

  private HttpResponse<String> login(String ns, String username, String password) {
    return http.postForm(
        "/login",
        "namespace="
            + ns
            + "&username="
            + username
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8),
        null);
  }

  @Test
  void aLaterUserWithATakenUsernameNeitherVerifiesNorLogsIn() throws Exception {
    String ns = loginNs;
    try (KeywardOperator operator = TestOperator.startIn(keywardNs)) {
      apply(
          ns, userYaml("lea", "username: lea\n  roles: [runner]\n  password:\n    generate: true"));
      awaitUserPhase(ns, "lea", "Active");
      apply(
          ns,
          userYaml(
              "lea-copy", "username: lea\n  roles: [runner]\n  password:\n    generate: true"));
      ApiUser copy = awaitUserPhase(ns, "lea-copy", "Invalid");
      assertThat(condition(copy.getStatus(), "Ready").orElseThrow().getReason())
          .isEqualTo("UsernameTaken");
      apply(ns, tokenYaml("lea-ci", "lea", "scopes: [runners.read]"));
      apply(ns, tokenYaml("lea-copy-ci", "lea-copy", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "lea-ci", "Active");
      ApiToken copyToken = awaitTokenPhase(ns, "lea-copy-ci", "Disabled");
      assertThat(condition(copyToken.getStatus(), "Ready").orElseThrow().getReason())
          .isEqualTo("OwnerUsernameTaken");
      assertThat(copyToken.getStatus().getKey()).as("no key is issued for it").isNull();
      String key = secretValue(ns, "lea-ci", "token");
      await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> auth(key) == 200);

      HttpResponse<String> answer = http.get("/auth", "X-API-Key", key);
      assertThat(answer.headers().firstValue("X-Keyward-Subject")).contains(ns + "/lea");
      assertThat(answer.headers().firstValue("X-Keyward-User-Id"))
          .contains(user(ns, "lea").getMetadata().getUid());
      assertThat(answer.headers().firstValue("X-Keyward-Groups"))
          .as("no groups: no header, not an empty one")
          .isEmpty();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  TestCluster.client().secrets().inNamespace(ns).withName("lea-copy-password").get()
                      != null);
      String password = secretValue(ns, "lea-password", "password");
      String copyPassword = secretValue(ns, "lea-copy-password", "password");
      HttpResponse<String> first =
          await()
              .atMost(Duration.ofSeconds(10))
              .pollInterval(POLL)
              .until(() -> login(ns, "lea", password), r -> r.statusCode() == 200);
      JWTClaimsSet claims =
          new JwksVerifier(http.get("/.well-known/jwks.json").body(), ISSUER, AUDIENCE)
              .verify(new JsonObject(first.body()).getString("access_token"));
      assertThat(claims.getSubject()).isEqualTo(user(ns, "lea").getMetadata().getUid());
      assertThat(login(ns, "lea", copyPassword).statusCode()).isEqualTo(401);
    }
  }

  /**
   * The verifier does not wait for the operator: in the moment between a duplicate's creation and
   * its judgement (here: no operator at all), a key recorded for it is refused, because the
   * verifier applies the same username rule to its own cache. Statuses are written as the operator
   * would write them.
   */
  @Test
  void theVerifierRefusesAKeyOfAUserThatDoesNotHoldItsUsernameWithoutWaitingForTheOperator() {
    String ns = TestCluster.createNamespace("identity");
    apply(ns, userYaml("ida", "username: ida"));
    apply(ns, userYaml("ida-2", "username: ida"));
    setUsernameHeld(ns, "ida", "True");
    // Recorded before the holder's key: once the holder's key verifies, the verifier has seen it.
    String duplicateKey = recordActiveKey(ns, "ida-2-ci", user(ns, "ida-2"));
    String holderKey = recordActiveKey(ns, "ida-ci", user(ns, "ida"));

    await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> auth(holderKey) == 200);
    assertThat(auth(duplicateKey)).isEqualTo(401);

    // The same keys with the roles swapped: the rule, not a missing record, decided.
    setUsernameHeld(ns, "ida", "False");
    setUsernameHeld(ns, "ida-2", "True");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(POLL)
        .until(() -> auth(duplicateKey) == 200);
    assertThat(auth(holderKey)).isEqualTo(401);
  }

  private static void setUsernameHeld(String ns, String name, String held) {
    ApiUser user = user(ns, name);
    ApiUserStatus status = new ApiUserStatus();
    status.getConditions().add(new Condition("UsernameHeld", held, "Test", "set by the test"));
    user.setStatus(status);
    TestCluster.client().resource(user).updateStatus();
  }

  /** An Active token for the user with a fresh key, recorded the way the operator records it. */
  private static String recordActiveKey(String ns, String name, ApiUser owner) {
    apply(ns, tokenYaml(name, owner.getMetadata().getName(), ""));
    String key = new KeyFormat("kwt").generate();
    ApiToken token = token(ns, name);
    ApiTokenStatus status = new ApiTokenStatus();
    status.setPhase("Active");
    status.setKey(KeyHasher.record(key, Instant.now().toString()));
    status.setOwner(owner.getMetadata().getUid());
    status.setApprovedScopes(List.of());
    token.setStatus(status);
    TestCluster.client().resource(token).updateStatus();
    return key;
  }

  @Test
  void aReCreatedOwnerDoesNotInheritTheTokenUntilARotationRebindsItWithANewKey() {
    String ns = TestCluster.createNamespace("identity");
    try (KeywardOperator operator = TestOperator.start()) {
      apply(ns, userYaml("otto", "roles: [runner]"));
      apply(ns, tokenYaml("otto-ci", "otto", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "otto-ci", "Active");
      String oldKey = secretValue(ns, "otto-ci", "token");
      await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> auth(oldKey) == 200);
      String firstUid = user(ns, "otto").getMetadata().getUid();

      TestCluster.client().resources(ApiUser.class).inNamespace(ns).withName("otto").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  TestCluster.client()
                          .resources(ApiUser.class)
                          .inNamespace(ns)
                          .withName("otto")
                          .get()
                      == null);
      apply(ns, userYaml("otto", "roles: [runner]"));
      String secondUid = user(ns, "otto").getMetadata().getUid();
      assertThat(secondUid).isNotEqualTo(firstUid);

      ApiToken replaced = awaitTokenPhase(ns, "otto-ci", "Invalid");
      assertThat(condition(replaced.getStatus(), "Ready").orElseThrow().getReason())
          .isEqualTo("OwnerReplaced");
      assertThat(replaced.getStatus().getOwner()).isEqualTo(firstUid);
      assertThat(auth(oldKey)).isEqualTo(401);
      assertThat(secretValue(ns, "otto-ci", "token"))
          .as("no new key without a request")
          .isEqualTo(oldKey);

      TestCluster.client()
          .resources(ApiToken.class)
          .inNamespace(ns)
          .withName("otto-ci")
          .edit(
              t -> {
                t.getMetadata().setAnnotations(Map.of(KeywardNames.ROTATE_ANNOTATION, "rebind"));
                return t;
              });
      ApiToken rebound = awaitTokenPhase(ns, "otto-ci", "Active");
      String newKey = secretValue(ns, "otto-ci", "token");

      assertThat(rebound.getStatus().getOwner()).isEqualTo(secondUid);
      assertThat(rebound.getStatus().getPreviousKeys()).isEmpty();
      assertThat(newKey).isNotEqualTo(oldKey);
      await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> auth(newKey) == 200);
      assertThat(auth(oldKey))
          .as("the old key gets no grace period under the new owner")
          .isEqualTo(401);
      assertThat(http.get("/auth", "X-API-Key", newKey).headers().firstValue("X-Keyward-User-Id"))
          .contains(secondUid);
    }
  }

  @Test
  void widenedScopesAreNotAnsweredBeforeTheOperatorJudgesThemAndAreRefusedBeyondTheCeiling() {
    String ns = TestCluster.createNamespace("identity");
    String key;
    try (KeywardOperator operator = TestOperator.start()) {
      apply(ns, userYaml("wim", "roles: [runner]"));
      apply(ns, tokenYaml("wim-ci", "wim", "scopes: [runners.read, runners.run]"));
      awaitTokenPhase(ns, "wim-ci", "Active");
      key = secretValue(ns, "wim-ci", "token");
      await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> auth(key) == 200);
    }
    // The operator is down: nobody judges the new spec. Dropping runners.read shows when the
    // verifier has seen it; admin (beyond the ceiling: no admin group) must never be answered.
    setScopes(ns, "wim-ci", List.of("runners.run", "admin"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scopesAnswered(key), s -> s.equals(Optional.of("runners.run")));
    assertThat(token(ns, "wim-ci").getStatus().getApprovedScopes())
        .containsExactly("runners.read", "runners.run");

    try (KeywardOperator operator = TestOperator.start()) {
      ApiToken judged = awaitTokenPhase(ns, "wim-ci", "Invalid");
      assertThat(condition(judged.getStatus(), "Ready").orElseThrow().getReason())
          .isEqualTo("ScopesNotAllowed");
      await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> auth(key) == 401);

      setScopes(ns, "wim-ci", List.of("runners.read", "runners.run"));
      awaitTokenPhase(ns, "wim-ci", "Active");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> scopesAnswered(key), s -> s.equals(Optional.of("runners.read runners.run")));
    }
  }

  private Optional<String> scopesAnswered(String key) {
    HttpResponse<String> response = http.get("/auth", "X-API-Key", key);
    assertThat(response.statusCode()).isEqualTo(200);
    String scopes = response.headers().firstValue("X-Keyward-Scopes").orElse("");
    assertThat(scopes).doesNotContain("admin");
    return response.headers().firstValue("X-Keyward-Scopes");
  }

  private static void setScopes(String ns, String name, List<String> scopes) {
    TestCluster.client()
        .resources(ApiToken.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            t -> {
              t.getSpec().setScopes(scopes);
              return t;
            });
  }
}
