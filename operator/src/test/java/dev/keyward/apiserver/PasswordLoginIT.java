package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitUserPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.JwksVerifier;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KernelCI-like password login: an ApiUser's password for a short-lived JWT within its ceiling. */
class PasswordLoginIT {

  private static final String ISSUER = "https://keyward.example.test";
  private static final String AUDIENCE = "kernelci-api";
  private static KeywardOperator operator;
  private static VerificationServer server;
  private static Http http;
  private static String ns;
  private static String password;
  private static String keywardNs;

  @BeforeAll
  static void start() {
    ns = TestCluster.createNamespace("login");
    // The operator's namespace: signing keys and password records, none in the user's namespace.
    keywardNs = TestCluster.createNamespace("keyward-system");
    operator = TestOperator.startIn(keywardNs);
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            0,
            ExchangeSettings.defaults(ISSUER, keywardNs, TestOperator.exampleRoleMapSource())
                .withAudience(AUDIENCE));
    http = new Http(server.port());
    apply(
        ns,
        userYaml("kai", "groups: [admin]\n  roles: [maintainer]\n  password:\n    generate: true"));
    awaitUserPhase(ns, "kai", "Active");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                TestCluster.client().secrets().inNamespace(ns).withName("kai-password").get()
                    != null);
    password = secretValue(ns, "kai-password", "password");
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  private static HttpResponse<String> login(String user, String pw, String scope) {
    String form =
        "namespace="
            + ns
            + "&username="
            + user
            + "&password="
            + URLEncoder.encode(pw, StandardCharsets.UTF_8)
            + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
    return http.postForm("/login", form, null);
  }

  @Test
  void rightPasswordGivesAShortLivedJwtWithTheUsersScopesThatTheJwksVerifies() throws Exception {
    HttpResponse<String> response =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> login("kai", password, null), r -> r.statusCode() == 200);

    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in"))
        .isEqualTo(VerificationServer.LOGIN_TOKEN_LIFETIME.toSeconds());
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    String jwks = http.get("/.well-known/jwks.json").body();
    JWTClaimsSet claims =
        new JwksVerifier(jwks, ISSUER, AUDIENCE).verify(body.getString("access_token"));
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo("kai");
    assertThat(claims.getStringClaim("scope")).isEqualTo("admin users.read users.write");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(VerificationServer.LOGIN_TOKEN_LIFETIME.toMillis());
  }

  @Test
  void requestedScopesNarrowTheTokenAndScopesBeyondTheCeilingAreRefused() {
    HttpResponse<String> narrowed = login("kai", password, "users.read");
    HttpResponse<String> beyond = login("kai", password, "users.read runners.run");

    assertThat(new JsonObject(narrowed.body()).getString("scope")).isEqualTo("users.read");
    assertThat(beyond.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(beyond.body()).getString("error")).isEqualTo("invalid_scope");
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswerAsABadKey() {
    HttpResponse<String> wrong = login("kai", password + "x", null);
    HttpResponse<String> unknown = login("nobody", password, null);
    HttpResponse<String> badKey = http.get("/auth", "Token", "kwt_nothing");

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(unknown.body()).isEqualTo(badKey.body());
    assertThat(wrong.body()).doesNotContain(password);
  }

  @Test
  void jsonBodyWorksLikeAForm() {
    HttpResponse<String> response =
        http.postJson(
            "/login",
            new JsonObject()
                .put("namespace", ns)
                .put("username", "kai")
                .put("password", password)
                .encode());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void anAccountFailingFromManyAddressesIsLimitedWhileOtherAccountsAreNot() {
    apply(ns, userYaml("lea", "roles: [maintainer]\n  password:\n    generate: true"));
    awaitUserPhase(ns, "lea", "Active");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                TestCluster.client().secrets().inNamespace(ns).withName("lea-password").get()
                    != null);
    String leaPassword = secretValue(ns, "lea-password", "password");
    // An attacker rotating addresses behind a trusted proxy (here: loopback).
    try (VerificationServer proxied =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            TestServers.behindLoopbackProxy(
                ExchangeSettings.defaults(ISSUER, keywardNs, TestOperator.exampleRoleMapSource())
                    .withAudience(AUDIENCE)))) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> loginFrom(proxied, "198.51.100.250", "kai", password).statusCode() == 200);
      for (int i = 0; i < VerificationServer.MAX_LOGIN_FAILURES_PER_ACCOUNT; i++) {
        assertThat(loginFrom(proxied, "198.51.100." + i, "lea", "wrong password " + i).statusCode())
            .isEqualTo(401);
      }

      HttpResponse<String> limited = loginFrom(proxied, "198.51.100.200", "lea", leaPassword);
      HttpResponse<String> otherAccount = loginFrom(proxied, "198.51.100.201", "kai", password);

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(limited.body()).doesNotContain("access_token");
      assertThat(otherAccount.statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> loginFrom(
      VerificationServer server, String client, String user, String pw) {
    String form =
        "namespace="
            + ns
            + "&username="
            + user
            + "&password="
            + URLEncoder.encode(pw, StandardCharsets.UTF_8);
    return new Http(server.port(), client).postForm("/login", form, null);
  }
}
