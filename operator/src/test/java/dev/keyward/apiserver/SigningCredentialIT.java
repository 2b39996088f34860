package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyward.api.SigningCredential;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.signing.ConsumerJwts;
import dev.keyward.testing.Applications;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Http;
import dev.keyward.testing.Resources;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sunbird/Kong consumers that sign their own JWTs, on a real API server: the consumer takes the key
 * from its Secret, signs, and /auth answers with its groups; every way of bending the JWT is
 * refused; an Application's credential authenticates it at /oauth/token (RFC 7523); a tenant with
 * only edit in its namespace reaches no other namespace's users and no groups it lacks.
 */
class SigningCredentialIT {

  private static final String ISSUER = "https://keyward.test";
  private static final String TOKEN_ENDPOINT = ISSUER + "/oauth/token";

  private static KeywardOperator operator;
  private static VerificationServer server;
  private static String keysNamespace;
  private static int clients;
  private Http http;
  private String ns;

  @BeforeAll
  static void start() {
    keysNamespace = TestCluster.createNamespace("keyward-system");
    // Only the chart's aggregated roles (edit covers Keyward's kinds); no admission policy.
    List<HasMetadata> aggregated =
        HelmChart.ofType(
                HelmChart.renderObjects("signing-keyward", keysNamespace, Map.of()),
                ClusterRole.class)
            .stream()
            .filter(r -> r.getMetadata().getLabels() != null)
            .filter(
                r ->
                    r.getMetadata().getLabels().keySet().stream()
                        .anyMatch(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to-")))
            .collect(Collectors.toList());
    ChartInstall.apply(aggregated);
    operator = TestOperator.start(TestOperator.config(keysNamespace).withPublicUrl(ISSUER));
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            TestServers.behindLoopbackProxy(
                ExchangeSettings.defaults(
                    ISSUER, keysNamespace, TestOperator.exampleRoleMapSource())));
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  @BeforeEach
  void setUp() {
    http = new Http(server.port(), "192.0.2." + (++clients));
    ns = TestCluster.createNamespace("signing");
  }

  // --- fixtures ----------------------------------------------------------------------------

  private static String credentialYaml(String name, String ownerField, String owner, String extra) {
    return """
        apiVersion: keyward.dev/v1alpha1
        kind: SigningCredential
        metadata:
          name: %s
        spec:
          %s: %s
          %s
        """
        .formatted(name, ownerField, owner, extra);
  }

  private static SigningCredential credential(String namespace, String name) {
    return TestCluster.client()
        .resources(SigningCredential.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private static SigningCredential awaitPhase(String namespace, String name, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              SigningCredential c = credential(namespace, name);
              assertThat(c).isNotNull();
              assertThat(c.getStatus()).isNotNull();
              assertThat(c.getStatus().getPhase()).isEqualTo(phase);
            });
    return credential(namespace, name);
  }

  private static Map<String, String> secretData(String namespace, String name) {
    Secret secret = Resources.secret(namespace, name);
    assertThat(secret).as("Secret %s", name).isNotNull();
    return secret.getData().entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
  }

  /** A consumer with groups and an Active credential of {@code algorithm}; its Secret's data. */
  private Map<String, String> consumer(
      String user, String groups, String credential, String algorithm) {
    apply(ns, userYaml(user, "groups: " + groups));
    apply(ns, credentialYaml(credential, "user", user, "algorithm: " + algorithm));
    awaitPhase(ns, credential, "Active");
    return secretData(ns, credential);
  }

  private static JWTClaimsSet.Builder claims(String iss) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(iss)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(2))));
  }

  private HttpResponse<String> auth(String jwt) {
    return http.get("/auth", "Authorization", "Bearer " + jwt);
  }

  private HttpResponse<String> assertionGrant(String assertion) {
    return http.postForm(
        "/oauth/token",
        "grant_type=client_credentials&client_assertion_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&client_assertion="
            + assertion,
        null);
  }

  // --- the consumer flow ---------------------------------------------------------------------

  @Test
  void aConsumerSignsAJwtWithThePrivateKeyFromItsSecretAndAuthAnswersWithItsGroups()
      throws Exception {
    Map<String, String> secret =
        consumer("content-portal", "[content-user, content-admin]", "portal-key", "EdDSA");
    SigningCredential credential = credential(ns, "portal-key");

    String jwt = ConsumerJwts.sign(secret, "EdDSA", null, claims(secret.get("key")).build());
    HttpResponse<String> response = auth(jwt);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Keyward-Groups"))
        .hasValue("content-user,content-admin");
    assertThat(response.headers().firstValue("X-Keyward-User")).hasValue("content-portal");
    assertThat(response.headers().firstValue("X-Keyward-Subject")).hasValue(ns + "/content-portal");
    assertThat(response.headers().firstValue("X-Keyward-Credential"))
        .hasValue("SigningCredential/portal-key");
    assertThat(secret.get("key")).isEqualTo(credential.getMetadata().getUid());
    assertThat(secret.get("kid")).isEqualTo(credential.getStatus().getKeyId());
    assertThat(credential.getStatus().getJwk().getKty()).isEqualTo("OKP");
    assertThat(credential.getStatus().getPublicKey()).isEqualTo(secret.get("publicKey"));
    String privateBody =
        secret
            .get("privateKey")
            .lines()
            .filter(l -> !l.startsWith("-----"))
            .collect(Collectors.joining());
    assertThat(Serialization.asJson(credential)).doesNotContain(privateBody);
    assertThat(Serialization.asJson(credential)).doesNotContain("privateKey");
  }

  @Test
  void es256AndKongHs256CredentialsVerifyAndTheHs256CopyLivesOnlyInTheOperatorsNamespace()
      throws Exception {
    Map<String, String> es = consumer("es-consumer", "[content-user]", "es-key", "ES256");
    apply(ns, credentialYaml("kong-key", "user", "es-consumer", "algorithm: HS256"));
    SigningCredential kong = awaitPhase(ns, "kong-key", "Active");
    Map<String, String> hs = secretData(ns, "kong-key");

    assertThat(
            auth(ConsumerJwts.sign(es, "ES256", es.get("kid"), claims(es.get("key")).build()))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            auth(ConsumerJwts.sign(hs, "HS256", null, claims(hs.get("key")).build())).statusCode())
        .isEqualTo(200);
    assertThat(hs).containsKey("secret").doesNotContainKey("privateKey");
    assertThat(kong.getStatus().getPublicKey()).isNull();
    assertThat(kong.getStatus().getJwk()).isNull();
    assertThat(Serialization.asJson(kong)).doesNotContain(hs.get("secret"));
    Secret record = Resources.secret(keysNamespace, "kwsign-" + kong.getMetadata().getUid());
    assertThat(record).isNotNull();
    assertThat(record.getMetadata().getOwnerReferences()).isEmpty();

    TestCluster.client()
        .resources(SigningCredential.class)
        .inNamespace(ns)
        .withName("kong-key")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> Resources.secret(keysNamespace, "kwsign-" + kong.getMetadata().getUid()) == null);
  }

  @Test
  void anAlgChangeAWrongKeyAnExpiredAFarFutureAndAReplayedJwtAreRefused() throws Exception {
    Map<String, String> secret =
        consumer("victim-consumer", "[content-admin]", "victim-key", "EdDSA");
    Map<String, String> other = consumer("other-consumer", "[content-user]", "other-key", "EdDSA");
    String iss = secret.get("key");
    Instant now = Instant.now();

    // alg confusion: HS256 keyed with the (public) verification key, as a classic attack does.
    SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(iss).build());
    confused.sign(new MACSigner(secret.get("publicKey").getBytes(StandardCharsets.UTF_8)));
    String unsigned =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims(iss).build().toString().getBytes(StandardCharsets.UTF_8))
            + ".";
    String wrongKey = ConsumerJwts.sign(other, "EdDSA", null, claims(iss).build());
    String expired =
        ConsumerJwts.sign(
            secret,
            "EdDSA",
            null,
            claims(iss)
                .issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(120)))
                .build());
    String farFuture =
        ConsumerJwts.sign(
            secret,
            "EdDSA",
            null,
            claims(iss).expirationTime(Date.from(now.plus(Duration.ofDays(3650)))).build());
    String noExp =
        ConsumerJwts.sign(secret, "EdDSA", null, new JWTClaimsSet.Builder().issuer(iss).build());
    String once =
        ConsumerJwts.sign(
            secret, "EdDSA", null, claims(iss).jwtID(UUID.randomUUID().toString()).build());

    assertThat(auth(confused.serialize()).statusCode()).as("alg changed to HS256").isEqualTo(401);
    assertThat(auth(unsigned).statusCode()).as("alg none").isEqualTo(401);
    assertThat(auth(wrongKey).statusCode()).as("another consumer's key").isEqualTo(401);
    assertThat(auth(expired).statusCode()).as("expired").isEqualTo(401);
    assertThat(auth(farFuture).statusCode()).as("exp ten years ahead").isEqualTo(401);
    assertThat(auth(noExp).statusCode()).as("no exp").isEqualTo(401);
    assertThat(auth(once).statusCode()).as("first use of a jti").isEqualTo(200);
    assertThat(auth(once).statusCode()).as("replayed jti").isEqualTo(401);
  }

  @Test
  void rotationReplacesTheKeyAndDisablingStopsIt() throws Exception {
    Map<String, String> before = consumer("rotating", "[content-user]", "rotating-key", "EdDSA");
    String oldJwt = ConsumerJwts.sign(before, "EdDSA", null, claims(before.get("key")).build());
    assertThat(auth(oldJwt).statusCode()).isEqualTo(200);

    Resources.annotate(SigningCredential.class, ns, "rotating-key", "keyward.dev/rotate", "r1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> !before.get("kid").equals(credential(ns, "rotating-key").getStatus().getKeyId()));
    Map<String, String> after = secretData(ns, "rotating-key");

    assertThat(after.get("key")).isEqualTo(before.get("key"));
    assertThat(after.get("kid")).isNotEqualTo(before.get("kid"));
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(oldJwt).statusCode() == 401);
    assertThat(
            auth(ConsumerJwts.sign(after, "EdDSA", null, claims(after.get("key")).build()))
                .statusCode())
        .isEqualTo(200);

    TestCluster.client()
        .resources(SigningCredential.class)
        .inNamespace(ns)
        .withName("rotating-key")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"enabled\":false}}");
    awaitPhase(ns, "rotating-key", "Disabled");
    assertThat(
            auth(ConsumerJwts.sign(after, "EdDSA", null, claims(after.get("key")).build()))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void aCredentialAppliedBeforeItsUserWaitsInPendingAndADeletedSecretIsReissued() throws Exception {
    apply(ns, credentialYaml("early-key", "user", "late-user", ""));
    SigningCredential pending = awaitPhase(ns, "early-key", "Pending");
    assertThat(pending.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("OwnerMissing"));

    apply(ns, userYaml("late-user", "groups: [content-user]"));
    awaitPhase(ns, "early-key", "Active");
    Map<String, String> first = secretData(ns, "early-key");
    String firstJwt = ConsumerJwts.sign(first, "EdDSA", null, claims(first.get("key")).build());

    TestCluster.client().secrets().inNamespace(ns).withName("early-key").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Secret s = Resources.secret(ns, "early-key");
              return s != null && !first.get("kid").equals(secretData(ns, "early-key").get("kid"));
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(firstJwt).statusCode() == 401);
  }

  @Test
  void aSecretKeywardDoesNotOwnIsNeverOverwritten() {
    apply(ns, userYaml("careful", "groups: [content-user]"));
    TestCluster.client()
        .secrets()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("taken")
                .endMetadata()
                .addToStringData("privateKey", "mine")
                .build())
        .create();

    apply(ns, credentialYaml("careful-key", "user", "careful", "secretName: taken"));
    SigningCredential refused = awaitPhase(ns, "careful-key", "Invalid");

    assertThat(refused.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("SecretConflict"));
    assertThat(secretData(ns, "taken")).containsExactly(Map.entry("privateKey", "mine"));
  }

  @Test
  void anOwnerReCreatedUnderTheSameNameInheritsTheCredentialOnlyThroughARotation()
      throws Exception {
    Map<String, String> first = consumer("reborn", "[content-user]", "reborn-key", "EdDSA");
    String oldJwt = ConsumerJwts.sign(first, "EdDSA", null, claims(first.get("key")).build());
    assertThat(auth(oldJwt).statusCode()).isEqualTo(200);

    TestCluster.client()
        .resources(dev.keyward.api.ApiUser.class)
        .inNamespace(ns)
        .withName("reborn")
        .delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> auth(oldJwt).statusCode() == 401);
    awaitPhase(ns, "reborn-key", "Pending");
    apply(ns, userYaml("reborn", "groups: [content-admin]"));
    SigningCredential replaced = awaitPhase(ns, "reborn-key", "Invalid");
    assertThat(replaced.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("OwnerReplaced"));
    assertThat(auth(oldJwt).statusCode()).isEqualTo(401);

    Resources.annotate(SigningCredential.class, ns, "reborn-key", "keyward.dev/rotate", "rebind");
    awaitPhase(ns, "reborn-key", "Active");
    Map<String, String> rebound = secretData(ns, "reborn-key");
    assertThat(rebound.get("kid")).isNotEqualTo(first.get("kid"));
    await().atMost(Duration.ofSeconds(5)).until(() -> auth(oldJwt).statusCode() == 401);
    HttpResponse<String> answered =
        auth(ConsumerJwts.sign(rebound, "EdDSA", null, claims(rebound.get("key")).build()));
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.headers().firstValue("X-Keyward-Groups")).hasValue("content-admin");
  }

  // --- RFC 7523 private_key_jwt ---------------------------------------------------------------

  @Test
  void anApplicationAuthenticatesAtTheTokenEndpointWithAPrivateKeyJwtAndAWrongKeyIsRefused()
      throws Exception {
    apply(ns, Applications.yaml("pipeline", "[researcher]", "[]", ""));
    String appId = Applications.awaitPhase(ns, "pipeline", "Active").getStatus().getAppId();
    apply(ns, credentialYaml("pipeline-key", "application", "pipeline", "algorithm: ES256"));
    awaitPhase(ns, "pipeline-key", "Active");
    Map<String, String> secret = secretData(ns, "pipeline-key");
    Map<String, String> stranger = consumer("stranger", "[content-user]", "stranger-key", "ES256");
    assertThat(secret).containsEntry("appId", appId).containsEntry("tokenEndpoint", TOKEN_ENDPOINT);

    String assertion =
        ConsumerJwts.sign(
            secret,
            "ES256",
            null,
            claims(appId)
                .subject(appId)
                .audience(TOKEN_ENDPOINT)
                .jwtID(UUID.randomUUID().toString())
                .build());
    HttpResponse<String> granted = assertionGrant(assertion);

    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    String accessToken = new JsonObject(granted.body()).getString("access_token");
    assertThat(SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject()).isEqualTo(appId);
    HttpResponse<String> asApp = auth(accessToken);
    assertThat(asApp.statusCode()).isEqualTo(200);
    assertThat(asApp.headers().firstValue("X-Keyward-Credential")).hasValue("Application/pipeline");

    assertThat(assertionGrant(assertion).statusCode()).as("replayed assertion").isEqualTo(401);
    // The same credential at /auth (no audience): the Application's identity and roles.
    HttpResponse<String> signedCall =
        auth(ConsumerJwts.sign(secret, "ES256", null, claims(secret.get("key")).build()));
    assertThat(signedCall.statusCode()).isEqualTo(200);
    assertThat(signedCall.headers().firstValue("X-Keyward-Credential"))
        .hasValue("SigningCredential/pipeline-key");
    assertThat(signedCall.headers().firstValue("X-Keyward-Roles")).hasValue("researcher");
    assertThat(signedCall.headers().firstValue("X-Keyward-User-Id")).hasValue(appId);
    String wrongKey =
        ConsumerJwts.sign(
            stranger,
            "ES256",
            null,
            claims(appId)
                .subject(appId)
                .audience(TOKEN_ENDPOINT)
                .jwtID(UUID.randomUUID().toString())
                .build());
    HttpResponse<String> refused = assertionGrant(wrongKey);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("invalid_client");
    String userKeyAsApp =
        ConsumerJwts.sign(
            stranger,
            "ES256",
            null,
            claims(stranger.get("key"))
                .subject(stranger.get("key"))
                .audience(TOKEN_ENDPOINT)
                .jwtID(UUID.randomUUID().toString())
                .build());
    assertThat(assertionGrant(userKeyAsApp).statusCode())
        .as("a user's credential is no client")
        .isEqualTo(401);
    HttpResponse<String> twoMethods =
        http.postForm(
            "/oauth/token",
            "grant_type=client_credentials&client_assertion_type="
                + URLEncoder.encode(
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    StandardCharsets.UTF_8)
                + "&client_assertion="
                + assertion
                + "&client_secret=anything",
            null);
    assertThat(twoMethods.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(twoMethods.body()).getString("error")).isEqualTo("invalid_request");
    assertThat(
            new JsonObject(http.get("/.well-known/oauth-authorization-server").body())
                .getJsonArray("token_endpoint_auth_methods_supported")
                .getList())
        .contains("private_key_jwt");
    String forAuth =
        ConsumerJwts.sign(
            secret,
            "ES256",
            null,
            claims(appId).subject(appId).jwtID(UUID.randomUUID().toString()).build());
    assertThat(assertionGrant(forAuth).statusCode()).as("no audience").isEqualTo(401);
  }

  // --- tenancy -------------------------------------------------------------------------------

  @Test
  void aTenantWithOnlyEditReachesNoOtherNamespacesUserAndGainsNoGroup() throws Exception {
    String victimNs = ns;
    apply(victimNs, userYaml("admin-consumer", "groups: [admin]"));
    String attackerNs = TestCluster.createNamespace("attacker");
    String attacker = "mallory-" + UUID.randomUUID().toString().substring(0, 6);
    KubernetesClient mallory = Tenants.editor(attackerNs, attacker);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> Tenants.may(attacker, "create", "keyward.dev", "signingcredentials", attackerNs));

    // No way to name another namespace's user: the name is a plain name, resolved in its own.
    assertThatThrownBy(
            () ->
                load(
                    mallory,
                    attackerNs,
                    credentialYaml("reach", "user", "\"" + victimNs + "/admin-consumer\"", "")))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.user");
    load(mallory, attackerNs, credentialYaml("same-name", "user", "admin-consumer", ""));
    SigningCredential stranded = awaitPhase(attackerNs, "same-name", "Pending");
    assertThat(stranded.getStatus().getKeyId()).isNull();
    assertThat(Resources.secret(attackerNs, "same-name")).isNull();

    // Nor create one where the user lives.
    assertThatThrownBy(
            () -> load(mallory, victimNs, credentialYaml("inside", "user", "admin-consumer", "")))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("forbidden");

    // Its own consumer's JWT claiming groups is answered with the groups the user holds.
    load(mallory, attackerNs, userYaml("mallory", "displayName: Mallory"));
    load(mallory, attackerNs, credentialYaml("mallory-key", "user", "mallory", ""));
    awaitPhase(attackerNs, "mallory-key", "Active");
    Map<String, String> own = secretData(attackerNs, "mallory-key");
    String claimsAdmin =
        ConsumerJwts.sign(
            own,
            "EdDSA",
            null,
            claims(own.get("key"))
                .claim("groups", List.of("admin"))
                .subject("admin-consumer")
                .build());
    HttpResponse<String> answered = auth(claimsAdmin);
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.headers().firstValue("X-Keyward-Groups")).isEmpty();
    assertThat(answered.headers().firstValue("X-Keyward-Subject"))
        .hasValue(attackerNs + "/mallory");
  }

  private static void load(KubernetesClient as, String namespace, String yaml) {
    as.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .inNamespace(namespace)
        .create();
  }
}
