package dev.keyward.apiserver;

import static dev.keyward.testing.Applications.awaitPhase;
import static dev.keyward.testing.Applications.may;
import static dev.keyward.testing.Applications.yaml;
import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.secretValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyward.api.Application;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.JwtIssuer;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Applications;
import dev.keyward.testing.Http;
import dev.keyward.testing.JwksVerifier;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path on a real API server: an Application's Secret exchanged over HTTP for a JWT that
 * an independent verifier, configured only with the published JWKS, accepts, and tampered tokens it
 * refuses.
 */
class TokenExchangeIT {

  private static final String ISSUER = "https://keyward.test";
  private static final String AUDIENCE = "jobs-api";

  private static KeywardOperator operator;
  private static VerificationServer server;
  private static int clients;
  private Http http;
  private String ns;
  private String teamA;
  private String teamB;

  @BeforeAll
  static void start() {
    // Each test is its own forwarded client (see setUp), through loopback as a trusted proxy.
    Applications.ensureProjectClusterRoles();
    String keys = TestCluster.createNamespace("keyward-system");
    operator =
        TestOperator.start(
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource()).withPublicUrl(ISSUER));
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            TestServers.behindLoopbackProxy(
                ExchangeSettings.defaults(ISSUER, keys, TestOperator.exampleRoleMapSource())
                    .withAudience(AUDIENCE)));
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  @BeforeEach
  void setUp() {
    http = new Http(server.port(), "192.0.2." + (++clients));
    ns = TestCluster.createNamespace("exchange");
    teamA = TestCluster.createNamespace("team-a");
    teamB = TestCluster.createNamespace("team-b");
    Applications.grantAll(ns, teamA, teamB);
  }

  private record Credentials(String appId, String appSecret) {}

  private Credentials activeApp(String name, String roles) {
    apply(ns, yaml(name, roles, "[" + teamA + ", " + teamB + "]", "tokenLifetime: 15m"));
    awaitPhase(ns, name, "Active");
    return new Credentials(secretValue(ns, name, "appId"), secretValue(ns, name, "appSecret"));
  }

  private HttpResponse<String> runai(Credentials c) {
    return http.postJson(
        "/api/v1/token",
        new JsonObject()
            .put("grantType", "app_token")
            .put("AppId", c.appId())
            .put("AppSecret", c.appSecret())
            .encode());
  }

  private JwksVerifier verifier() throws Exception {
    return new JwksVerifier(http.get("/.well-known/jwks.json").body(), ISSUER, AUDIENCE);
  }

  private String accessToken(Credentials c) {
    HttpResponse<String> response = runai(c);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body()).getString("accessToken");
  }

  @Test
  void anApplicationsSecretIsExchangedForAJwtThatTheJwksVerifiesAndItsRoleHoldsInItsProjects()
      throws Exception {
    Credentials app = activeApp("pipeline", "[researcher]");
    String saNamespace = ns;

    HttpResponse<String> response = runai(app);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    String token = new JsonObject(response.body()).getString("accessToken");
    JWTClaimsSet claims = verifier().verify(token);
    assertThat(claims.getSubject()).isEqualTo(app.appId());
    assertThat(claims.getStringClaim("client_id")).isEqualTo(app.appId());
    assertThat(claims.getAudience()).containsExactly(AUDIENCE);
    assertThat(claims.getStringListClaim("roles")).containsExactly("researcher");
    assertThat(claims.getStringListClaim("projects")).containsExactly(teamA, teamB);
    assertThat(claims.getStringClaim("scope")).isEqualTo("jobs.read jobs.submit");
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(SignedJWT.parse(token).getHeader().getType().getType()).isEqualTo("at+jwt");

    String sa = Applications.get(ns, "pipeline").getStatus().getServiceAccount();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(may(saNamespace, sa, "create", "batch", "jobs", teamA)).isTrue();
              assertThat(may(saNamespace, sa, "create", "batch", "jobs", teamB)).isTrue();
            });
    String third = TestCluster.createNamespace("third");
    assertThat(may(saNamespace, sa, "create", "batch", "jobs", third)).isFalse();
    assertThat(may(saNamespace, sa, "get", "", "pods", third)).isFalse();
  }

  @Test
  void theJwksPublishesPublicMembersOnly() throws Exception {
    String json = http.get("/.well-known/jwks.json").body();

    JWKSet keys = JWKSet.parse(json);
    assertThat(keys.getKeys()).isNotEmpty();
    assertThat(keys.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    assertThat(keys.getKeys()).allSatisfy(k -> assertThat(k.getKeyID()).isNotBlank());
    assertThat(new JsonObject(json).getJsonArray("keys").getJsonObject(0).containsKey("d"))
        .isFalse();
  }

  @Test
  void clientCredentialsWithBasicOrFormAnswerPerRfc6749() throws Exception {
    Credentials app = activeApp("oauth", "[researcher]");
    String basic = app.appId() + ":" + app.appSecret();

    HttpResponse<String> viaBasic =
        http.postForm("/oauth/token", "grant_type=client_credentials", basic);
    HttpResponse<String> viaForm =
        http.postForm(
            "/oauth/token",
            "grant_type=client_credentials&scope=jobs.read&client_id="
                + app.appId()
                + "&client_secret="
                + app.appSecret(),
            null);

    assertThat(viaBasic.statusCode()).isEqualTo(200);
    assertThat(viaBasic.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = new JsonObject(viaBasic.body());
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(900L);
    assertThat(body.getString("scope")).isEqualTo("jobs.read jobs.submit");
    verifier().verify(body.getString("access_token"));
    assertThat(viaForm.statusCode()).isEqualTo(200);
    String narrowed = new JsonObject(viaForm.body()).getString("access_token");
    assertThat(verifier().verify(narrowed).getStringClaim("scope")).isEqualTo("jobs.read");
  }

  @Test
  void badTokenRequestsGetTheRfc6749Errors() {
    Credentials app = activeApp("errors", "[researcher]");
    String basic = app.appId() + ":" + app.appSecret();

    HttpResponse<String> wrongSecret =
        http.postForm("/oauth/token", "grant_type=client_credentials", app.appId() + ":kws_x");
    HttpResponse<String> unknownGrant = http.postForm("/oauth/token", "grant_type=password", basic);
    HttpResponse<String> tooWide =
        http.postForm("/oauth/token", "grant_type=client_credentials&scope=admin", basic);
    HttpResponse<String> runaiWrongGrant =
        http.postJson(
            "/api/v1/token",
            new JsonObject().put("grantType", "password").put("AppId", app.appId()).encode());

    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(wrongSecret.body()).getString("error")).isEqualTo("invalid_client");
    assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(unknownGrant.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(unknownGrant.body()).getString("error"))
        .isEqualTo("unsupported_grant_type");
    assertThat(tooWide.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(tooWide.body()).getString("error")).isEqualTo("invalid_scope");
    assertThat(runaiWrongGrant.statusCode()).isEqualTo(400);
    assertThat(List.of(wrongSecret, unknownGrant, tooWide))
        .allSatisfy(r -> assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store"));
  }

  @Test
  void tamperedTokensAreEachRejectedByTheJwksVerifier() throws Exception {
    String token = accessToken(activeApp("tamper", "[researcher]"));
    JwksVerifier verifier = verifier();
    verifier.verify(token);
    SignedJWT original = SignedJWT.parse(token);
    String[] parts = token.split("\\.");
    JWTClaimsSet claims = original.getJWTClaimsSet();

    String algNone =
        Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
    JWTClaimsSet escalated =
        new JWTClaimsSet.Builder(claims).claim("roles", List.of("administrator")).build();
    String changedPayload =
        parts[0] + "." + Base64URL.encode(escalated.toString()) + "." + parts[2];
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("unknown-kid").generate();
    String unknownKid = sign(claims, JWSAlgorithm.ES256, "unknown-kid", stranger);
    String publicJwks = http.get("/.well-known/jwks.json").body();
    SignedJWT hs256 =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(original.getHeader().getKeyID())
                .build(),
            claims);
    hs256.sign(new MACSigner(publicJwks.getBytes(StandardCharsets.UTF_8)));
    JwtIssuer realKey = server.exchange().jwtIssuer();
    String wrongAudience =
        realKey.sign(
            new JWTClaimsSet.Builder(claims).audience("someone-else").build(),
            JwtIssuer.ACCESS_TOKEN_TYPE);
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    String expired =
        realKey.sign(
            new JWTClaimsSet.Builder(claims)
                .issueTime(Date.from(hourAgo.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(hourAgo))
                .build(),
            JwtIssuer.ACCESS_TOKEN_TYPE);
    String plainJwtType = realKey.sign(claims, JOSEObjectType.JWT);

    // Each is refused for its own reason, not by accident.
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put(algNone, "Unsecured (plain) JWTs are rejected");
    refusals.put(changedPayload, "Invalid signature");
    refusals.put(unknownKid, "no matching key");
    refusals.put(hs256.serialize(), "Another algorithm expected");
    refusals.put(wrongAudience, "aud claim rejected");
    refusals.put(expired, "Expired JWT");
    refusals.put(plainJwtType, "typ");
    refusals.forEach(
        (bad, reason) ->
            assertThatThrownBy(() -> verifier.verify(bad)).hasMessageContaining(reason));
  }

  private static String sign(JWTClaimsSet claims, JWSAlgorithm alg, String kid, ECKey key)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).type(new JOSEObjectType("at+jwt")).keyID(kid).build(),
            claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  void aDisabledApplicationStopsExchangingWithinASecondAndTheSameSecretWorksAgainWhenReEnabled() {
    Credentials app = activeApp("revoke", "[researcher]");
    assertThat(runai(app).statusCode()).isEqualTo(200);

    apply(ns, yaml("revoke", "[researcher]", "[" + teamA + ", " + teamB + "]", "enabled: false"));

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> runai(app).statusCode() == 401);

    apply(ns, yaml("revoke", "[researcher]", "[" + teamA + ", " + teamB + "]", "enabled: true"));
    await().atMost(Duration.ofSeconds(30)).until(() -> runai(app).statusCode() == 200);
  }

  @Test
  void aDeletedApplicationStopsExchangingWithinASecond() {
    Credentials app = activeApp("delete-me", "[researcher]");
    assertThat(runai(app).statusCode()).isEqualTo(200);

    TestCluster.client()
        .resources(Application.class)
        .inNamespace(ns)
        .withName("delete-me")
        .delete();

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> runai(app).statusCode() == 401);
  }

  @Test
  void noAppSecretOrPrivateSigningKeyAppearsInEventsStatusOrTheLog() throws Exception {
    Credentials app = activeApp("quiet", "[researcher]");
    assertThat(runai(app).statusCode()).isEqualTo(200);
    runai(new Credentials(app.appId(), app.appSecret().substring(0, 10) + "x"));
    apply(ns, yaml("quiet", "[researcher]", "[" + teamA + "]", "enabled: false"));
    awaitPhase(ns, "quiet", "Disabled");
    String privateD =
        new JsonObject(
                JSONObjectUtils.toJSONString(
                    server.exchange().signingKeys().signer().toJSONObject()))
            .getString("d");

    String visible =
        Serialization.asJson(
                TestCluster.client().resources(Application.class).inNamespace(ns).list())
            + Serialization.asJson(TestCluster.client().v1().events().inNamespace(ns).list())
            + http.get("/.well-known/jwks.json").body();
    String log = Files.readString(Path.of("target/test-operator.log"), StandardCharsets.UTF_8);

    String randomPart = app.appSecret().substring(app.appSecret().indexOf('_') + 1);
    assertThat(privateD).isNotBlank();
    assertThat(visible).doesNotContain(randomPart).doesNotContain(privateD);
    assertThat(log).doesNotContain(randomPart).doesNotContain(privateD);
  }

  @Test
  void afterARotationThePreviousSecretStillExchangesForItsGracePeriodAndTheNewOneAtOnce() {
    apply(
        ns, yaml("rotating", "[researcher]", "[" + teamA + "]", "rotation:\n    gracePeriod: 1h"));
    awaitPhase(ns, "rotating", "Active");
    Credentials before =
        new Credentials(
            secretValue(ns, "rotating", "appId"), secretValue(ns, "rotating", "appSecret"));

    Resources.annotate(
        TestCluster.client(), Application.class, ns, "rotating", "keyward.dev/rotate", "1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !secretValue(ns, "rotating", "appSecret").equals(before.appSecret()));
    Credentials after = new Credentials(before.appId(), secretValue(ns, "rotating", "appSecret"));

    await().atMost(Duration.ofSeconds(30)).until(() -> runai(after).statusCode() == 200);
    assertThat(runai(before).statusCode()).isEqualTo(200);
    assertThat(Applications.get(ns, "rotating").getStatus().getPreviousKeys()).hasSize(1);
  }
}
