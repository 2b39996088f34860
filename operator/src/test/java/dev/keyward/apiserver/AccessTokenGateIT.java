package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.JwtIssuer;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Applications;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /auth} accepts the access tokens Keyward issues (token exchange and password login),
 * verified locally with the current JWKS, with the same identity headers as keys — and refuses
 * expired, tampered and foreign-issuer tokens, and those of a disabled Application.
 */
class AccessTokenGateIT {

  private static final String ISSUER = "https://keyward.gate.test";
  private static final String AUDIENCE = "gate-api";

  private static KeywardOperator operator;
  private static VerificationServer server;
  private static String ns;
  private static String project;
  private static int clients;

  @BeforeAll
  static void start() {
    Applications.ensureProjectClusterRoles();
    String keys = TestCluster.createNamespace("gate-keys");
    operator = TestOperator.startIn(keys);
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            0,
            ExchangeSettings.defaults(ISSUER, keys, TestOperator.exampleRoleMapSource())
                .withAudience(AUDIENCE));
    ns = TestCluster.createNamespace("gate");
    project = TestCluster.createNamespace("gate-project");
    // The project consents: only then do its Applications' tokens claim it.
    Applications.grantAll(ns, project);
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  /** A fresh client address per request group, so that refusals do not throttle each other. */
  private static Http http() {
    return new Http(server.port(), "192.0.2." + (100 + ++clients));
  }

  private static String exchange(String app) {
    Applications.awaitPhase(ns, app, "Active");
    HttpResponse<String> response =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    http()
                        .postJson(
                            "/api/v1/token",
                            new JsonObject()
                                .put("grantType", "app_token")
                                .put("AppId", secretValue(ns, app, "appId"))
                                .put("AppSecret", secretValue(ns, app, "appSecret"))
                                .encode()),
                r -> r.statusCode() == 200);
    return new JsonObject(response.body()).getString("accessToken");
  }

  private static HttpResponse<String> auth(String token) {
    return http().get("/auth", "Authorization", "Bearer " + token);
  }

  @Test
  void aFreshExchangeTokenPassesWithTheApplicationsIdentity() {
    apply(ns, Applications.yaml("etl", "[researcher]", "[" + project + "]", ""));
    String token = exchange("etl");

    HttpResponse<String> response = auth(token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Keyward-Credential")).hasValue("Application/etl");
    assertThat(response.headers().firstValue("X-Keyward-Namespace")).hasValue(ns);
    assertThat(response.headers().firstValue("X-Keyward-User-Id"))
        .hasValue(secretValue(ns, "etl", "appId"));
    assertThat(response.headers().firstValue("X-Keyward-Scopes")).hasValue("jobs.read jobs.submit");
    assertThat(response.headers().firstValue("X-Keyward-Roles")).hasValue("researcher");
    assertThat(response.headers().firstValue("X-Keyward-Projects")).hasValue(project);
    // The subject names the kind: no ApiUser "etl" of this namespace can be taken for it.
    assertThat(response.headers().firstValue("X-Keyward-Subject"))
        .hasValue(ns + "/application/etl");
  }

  @Test
  void expiredTamperedAndForeignIssuerTokensAreRefused() throws Exception {
    apply(ns, Applications.yaml("batch", "[researcher]", "[" + project + "]", ""));
    String token = exchange("batch");
    JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
    JwtIssuer keywardKey = server.exchange().jwtIssuer();
    String expired =
        keywardKey.sign(
            new JWTClaimsSet.Builder(claims)
                .issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(1)))
                .jwtID(UUID.randomUUID().toString())
                .build(),
            JwtIssuer.ACCESS_TOKEN_TYPE);
    String foreign =
        keywardKey.sign(
            new JWTClaimsSet.Builder(claims).issuer("https://elsewhere.test").build(),
            JwtIssuer.ACCESS_TOKEN_TYPE);
    String[] parts = token.split("\\.");
    String widened =
        new JWTClaimsSet.Builder(claims)
            .claim("scope", "admin")
            .build()
            .toPayload()
            .toBase64URL()
            .toString();
    String tampered = parts[0] + "." + widened + "." + parts[2];

    assertThat(auth(token).statusCode()).as("the genuine token").isEqualTo(200);
    assertThat(auth(expired).statusCode()).isEqualTo(401);
    assertThat(auth(foreign).statusCode()).isEqualTo(401);
    assertThat(auth(tampered).statusCode()).isEqualTo(401);
  }

  @Test
  void aDisabledApplicationsTokensStopAtTheGateBeforeTheyExpire() {
    apply(ns, Applications.yaml("paused", "[researcher]", "[" + project + "]", ""));
    String token = exchange("paused");
    assertThat(auth(token).statusCode()).isEqualTo(200);

    apply(ns, Applications.yaml("paused", "[researcher]", "[" + project + "]", "enabled: false"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(auth(token).statusCode()).isEqualTo(401));
  }

  @Test
  void aPasswordLoginTokenPassesAsItsUser() {
    apply(ns, userYaml("lena", "roles: [runner]\n  password:\n    generate: true"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestCluster.client().secrets().inNamespace(ns).withName("lena-password").get()
                    != null);
    String password = secretValue(ns, "lena-password", "password");
    String form =
        "namespace="
            + ns
            + "&username=lena&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> login =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> http().postForm("/login", form, null), r -> r.statusCode() == 200);
    String token = new JsonObject(login.body()).getString("access_token");

    HttpResponse<String> response = auth(token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Keyward-User")).hasValue("lena");
    assertThat(response.headers().firstValue("X-Keyward-Credential")).hasValue("ApiUser/lena");
    assertThat(response.headers().firstValue("X-Keyward-Scopes"))
        .hasValue("runners.read runners.run");
  }
}
