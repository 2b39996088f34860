package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.KeyHash;
import dev.keyward.credential.KeyFormat;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP verification side against tokens reconciled on a real API server. */
class VerificationIT {

  private static KeywardOperator operator;
  private static VerificationServer server;
  private static Http http;
  private static String ns;
  private static String key;

  @BeforeAll
  static void start() {
    operator = TestOperator.start();
    server = VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0);
    http = new Http(server.port());
    ns = TestCluster.createNamespace("verify");
    apply(
        ns,
        userYaml(
            "vera",
            "email: vera@example.com\n  displayName: Vera V\n  groups: [admin]\n  roles: [runner, introspector]"));
    apply(ns, tokenYaml("vera-ci", "vera", "scopes: [runners.read, admin]"));
    awaitTokenPhase(ns, "vera-ci", "Active");
    key = secretValue(ns, "vera-ci", "token");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> http.get("/auth", "X-API-Key", key).statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  private static String activeKey(String name, String extraSpec) {
    apply(ns, tokenYaml(name, "vera", extraSpec));
    awaitTokenPhase(ns, name, "Active");
    String value = secretValue(ns, name, "token");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> http.get("/auth", "X-API-Key", value).statusCode() == 200);
    return value;
  }

  /**
   * Envoy's ext_authz HTTP service (examples/integrations/envoy-ext-authz.yaml; Envoy itself is not
   * packaged where the suite runs) asks {@code path_prefix} followed by the client's path, as the
   * client sent it: every such path is the check, whatever it normalises to.
   */
  @Test
  void everyPathEnvoyAsksBelowItsPrefixIsTheCheckNeverThePublicJwks() throws Exception {
    String example =
        java.nio.file.Files.readString(
            TestCluster.repoRoot().resolve("examples/integrations/envoy-ext-authz.yaml"));
    java.util.regex.Matcher prefix =
        java.util.regex.Pattern.compile("path_prefix: (\\S+)").matcher(example);
    assertThat(prefix.find()).as("the example sets path_prefix").isTrue();
    assertThat(http.get("/.well-known/jwks.json").statusCode())
        .as("the JWKS itself is public")
        .isEqualTo(200);

    for (String client : NginxAuthRequestIT.HOSTILE_PATHS) {
      String asked = prefix.group(1) + client;
      assertThat(http.raw("GET " + asked + " HTTP/1.1\r\nHost: x\r\n\r\n"))
          .as("no credential, GET " + asked)
          .startsWith("HTTP/1.1 401");
      assertThat(
              http.raw("GET " + asked + " HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key + "\r\n\r\n"))
          .as("a valid key, GET " + asked)
          .startsWith("HTTP/1.1 200");
    }
    // A path that only normalises to /auth is the check too; /authx is not.
    assertThat(http.raw("GET /x/../auth HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 401");
    assertThat(http.raw("GET /authx HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key + "\r\n\r\n"))
        .startsWith("HTTP/1.1 404");
  }

  @Test
  void forwardAuthAcceptsTheKeyFromEachSupportedHeaderWithIdentityHeaders() {
    for (String[] header :
        List.of(
            new String[] {"Authorization", "Bearer " + key},
            new String[] {"X-API-Key", key},
            new String[] {"Token", key})) {
      HttpResponse<String> response = http.get("/auth/some/upstream/path", header);

      assertThat(response.statusCode()).as(header[0]).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Keyward-User")).contains("vera");
      assertThat(response.headers().firstValue("X-Keyward-Groups")).contains("admin");
      assertThat(response.headers().firstValue("X-Keyward-Scopes")).contains("runners.read admin");
    }
  }

  @Test
  void unknownWrongMalformedDisabledExpiredAndDeletedKeysGetOneIdenticalAnswer() {
    String disabled = activeKey("v-disabled", "");
    apply(ns, tokenYaml("v-disabled", "vera", "enabled: false"));
    String expiring =
        activeKey(
            "v-expiring",
            "expires: \"" + Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS) + "\"");
    String deleted = activeKey("v-deleted", "");
    TestCluster.client().resources(ApiToken.class).inNamespace(ns).withName("v-deleted").delete();
    String unknown = new KeyFormat("kwt").generate();
    String malformed = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
    await()
        .atMost(Duration.ofSeconds(6))
        .until(() -> http.get("/auth", "Token", expiring).statusCode() == 401);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> http.get("/auth", "Token", disabled).statusCode() == 401);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> http.get("/auth", "Token", deleted).statusCode() == 401);

    List<String> answers = new ArrayList<>();
    for (String presented :
        List.of(unknown, malformed, disabled, expiring, deleted, "not-even-a-key")) {
      HttpResponse<String> response =
          http.get("/auth", "Token", presented, "X-Forwarded-For", "10.9.9." + answers.size());
      answers.add(
          response.statusCode()
              + " "
              + response.headers().firstValue("WWW-Authenticate").orElse("")
              + " "
              + response.body());
    }

    assertThat(answers).containsOnly("401 Bearer realm=\"keyward\" {\"error\":\"unauthorized\"}");
  }

  @Test
  void repeatedFailuresAreThrottledPerClientWithRetryAfterButAValidKeyPasses() {
    // Behind a trusted proxy (here: loopback), each forwarded client has its own budget.
    try (VerificationServer proxied =
        VerificationServer.start(
            TestCluster.client(), Clock.systemUTC(), TestServers.behindLoopbackProxy())) {
      Http http = new Http(proxied.port());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> http.get("/auth", "X-API-Key", key).statusCode() == 200);
      String bad = new KeyFormat("kwt").generate();
      int status = 0;
      for (int i = 0; i <= VerificationServer.MAX_FAILURES_PER_MINUTE; i++) {
        status = http.get("/auth", "Token", bad, "X-Forwarded-For", "203.0.113.7").statusCode();
      }

      HttpResponse<String> throttled =
          http.get("/auth", "Token", bad, "X-Forwarded-For", "203.0.113.7");
      HttpResponse<String> valid =
          http.get("/auth", "Token", key, "X-Forwarded-For", "203.0.113.7");
      assertThat(status).isEqualTo(429);
      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(throttled.headers().firstValue("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
      assertThat(valid.statusCode()).isEqualTo(200);
      assertThat(http.get("/auth", "Token", bad, "X-Forwarded-For", "203.0.113.8").statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void keysInQueryStringsAreRefused() {
    HttpResponse<String> response = http.get("/auth?api_key=" + key);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("query strings are refused").doesNotContain(key);
  }

  @Test
  void duplicateOrConflictingCredentialHeadersAreRefused() {
    HttpResponse<String> duplicate =
        http.send(http.request("/auth").header("X-API-Key", key).header("X-API-Key", key));
    HttpResponse<String> conflicting =
        http.get("/auth", "X-API-Key", key, "Token", new KeyFormat("kwt").generate());

    assertThat(duplicate.statusCode()).isEqualTo(400);
    assertThat(conflicting.statusCode()).isEqualTo(400);
  }

  @Test
  void headerWithALineBreakIsRefused() throws Exception {
    String status =
        http.raw("GET /auth HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key + "\rInjected: yes\r\n\r\n");

    assertThat(status).startsWith("HTTP/1.1 400");
  }

  @Test
  void oversizedRequestsAreRefused() {
    HttpResponse<String> bigBody =
        http.send(
            http.request("/introspect")
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + "a".repeat(64 * 1024))));
    HttpResponse<String> bigHeader =
        http.get("/auth", "X-Padding", "p".repeat(16 * 1024), "Token", key);

    assertThat(bigBody.statusCode()).isEqualTo(413);
    // The API's JSON error, echoing nothing the client sent (the caller's key included).
    assertThat(bigBody.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(bigBody.body())
        .contains("\"invalid_request\"")
        .doesNotContain(key)
        .doesNotContain("aaaa");
    assertThat(bigHeader.statusCode()).isIn(400, 431);
  }

  @Test
  void introspectionNeedsAnAuthenticatedCallerWithTheIntrospectScope() {
    String plain = activeKey("v-plain", "scopes: [runners.read]");
    String introspector = activeKey("v-introspector", "scopes: [keyward:introspect]");

    HttpResponse<String> anonymous = introspect(null, key);
    HttpResponse<String> noScope = introspect(plain, key);
    HttpResponse<String> active = introspect(introspector, key);
    HttpResponse<String> inactive = introspect(introspector, new KeyFormat("kwt").generate());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(noScope.statusCode()).isEqualTo(403);
    JsonObject answer = new JsonObject(active.body());
    assertThat(answer.getBoolean("active")).isTrue();
    assertThat(answer.getString("scope")).isEqualTo("runners.read admin");
    assertThat(answer.getString("username")).isEqualTo("vera");
    assertThat(active.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(inactive.body()).isEqualTo("{\"active\":false}");
  }

  @Test
  void introspectionAndWhoamiOfAKeyInGraceAnswerWithThatKeysOwnIssueAndExpiry() {
    String introspector = activeKey("v-grace-caller", "scopes: [keyward:introspect]");
    String old = activeKey("v-grace", "lifetime: 720h\n  rotation:\n    gracePeriod: 1h");
    Resources.annotate(ApiToken.class, ns, "v-grace", "keyward.dev/rotate", "1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !token("v-grace").getStatus().getPreviousKeys().isEmpty());
    ApiToken rotated = token("v-grace");
    KeyHash retired = rotated.getStatus().getPreviousKeys().get(0);
    long graceEnds = Instant.parse(retired.getValidUntil()).getEpochSecond();
    long currentExpiry = Instant.parse(rotated.getStatus().getExpiresAt()).getEpochSecond();
    assertThat(graceEnds)
        .as("the grace period ends long before the new key expires")
        .isLessThan(currentExpiry);

    // The verifier's informer may see the rotation a moment later; until then the key is current.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonObject answer = new JsonObject(introspect(introspector, old).body());
              assertThat(answer.getBoolean("active")).isTrue();
              assertThat(answer.getLong("exp")).isEqualTo(graceEnds);
              assertThat(answer.getLong("iat"))
                  .isEqualTo(Instant.parse(retired.getIssuedAt()).getEpochSecond());
            });
    HttpResponse<String> whoami = http.get("/whoami", "Authorization", "Bearer " + old);
    assertThat(new JsonObject(whoami.body()).getJsonObject("credential").getString("expiresAt"))
        .isEqualTo(Instant.parse(retired.getValidUntil()).toString());
  }

  private static ApiToken token(String name) {
    return TestCluster.client().resources(ApiToken.class).inNamespace(ns).withName(name).get();
  }

  @Test
  void whoamiShowsTheOwnersProfileAndNoSecretMaterial() {
    HttpResponse<String> response = http.get("/whoami", "Authorization", "Bearer " + key);

    JsonObject profile = new JsonObject(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(profile.getString("username")).isEqualTo("vera");
    assertThat(profile.getString("email")).isEqualTo("vera@example.com");
    assertThat(profile.getJsonArray("groups").getList()).containsExactly("admin");
    assertThat(profile.getJsonObject("credential").getString("name")).isEqualTo("vera-ci");
    ApiToken token =
        TestCluster.client().resources(ApiToken.class).inNamespace(ns).withName("vera-ci").get();
    assertThat(response.body())
        .doesNotContain(key.substring(4))
        .doesNotContain(token.getStatus().getKey().getDigest());
  }

  @Test
  void introspectionNamesTheIssuerOfTheDiscoveryMetadata() {
    String introspector = activeKey("v-issuer", "scopes: [keyward:introspect]");

    JsonObject answer = new JsonObject(introspect(introspector, key).body());
    JsonObject metadata =
        new JsonObject(http.get("/.well-known/oauth-authorization-server").body());

    assertThat(answer.getBoolean("active")).isTrue();
    assertThat(answer.getString("iss"))
        .isEqualTo(metadata.getString("issuer"))
        .isEqualTo(KeywardConfig.DEFAULT_PUBLIC_URL);
  }

  private static HttpResponse<String> introspect(String callerKey, String token) {
    HttpRequest.Builder request =
        http.request("/introspect")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token));
    if (callerKey != null) {
      request.header("Authorization", "Bearer " + callerKey);
    }
    return http.send(request);
  }
}
