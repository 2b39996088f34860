package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.secret;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ApiToken lifecycle on a real API server, with the operator running in-process. */
class ApiTokenLifecycleIT {

  private static KeywardOperator operator;
  private final KubernetesClient client = TestCluster.client();
  private String ns;

  @BeforeAll
  static void startOperator() {
    operator = TestOperator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @BeforeEach
  void namespace() {
    ns = TestCluster.createNamespace("token");
  }

  private void runner(String name) {
    apply(ns, userYaml(name, "roles: [runner]"));
  }

  @Test
  void tokenAppliedBeforeItsUserWaitsInPendingAndBecomesActiveWhenTheUserAppears() {
    apply(ns, tokenYaml("early", "late-user", "scopes: [runners.read]"));

    ApiToken pending = awaitTokenPhase(ns, "early", "Pending");
    assertThat(condition(pending.getStatus(), "OwnerFound").orElseThrow().getMessage())
        .contains("ApiUser late-user does not exist");
    assertThat(secret(ns, "early")).isNull();

    runner("late-user");

    ApiToken active = awaitTokenPhase(ns, "early", "Active");
    assertThat(condition(active.getStatus(), "Ready").orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void activeTokenKeepsThePlaintextOnlyInItsSecretAndADigestInTheRecord() {
    runner("alice");
    apply(ns, tokenYaml("alice-ci", "alice", "scopes: [runners.read]"));

    ApiToken token = awaitTokenPhase(ns, "alice-ci", "Active");
    Secret secret = secret(ns, "alice-ci");
    String key = secretValue(ns, "alice-ci", "token");

    assertThat(new KeyFormat("kwt").isWellFormed(key)).isTrue();
    assertThat(token.getStatus().getKey().getAlgorithm()).isEqualTo("sha256");
    assertThat(KeyHasher.matches(key, token.getStatus().getKey())).isTrue();
    assertThat(token.getStatus().getKey().getHint()).isEqualTo(KeyFormat.hint(key));
    assertThat(token.getStatus().getId()).isEqualTo(token.getMetadata().getUid());
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "keyward");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(token.getMetadata().getUid()));
    assertThat(token.getStatus().getObservedGeneration())
        .isEqualTo(token.getMetadata().getGeneration());
  }

  @Test
  void scopesBeyondTheOwnersCeilingMakeTheTokenInvalidAndNoKeyIsIssued() {
    runner("bob");
    apply(ns, tokenYaml("greedy", "bob", "scopes: [runners.read, users.write, admin]"));

    ApiToken token = awaitTokenPhase(ns, "greedy", "Invalid");

    assertThat(condition(token.getStatus(), "ScopesAllowed").orElseThrow().getMessage())
        .contains("users.write, admin")
        .doesNotContain("runners.read");
    assertThat(token.getStatus().getKey()).isNull();
    assertThat(secret(ns, "greedy")).isNull();
  }

  @Test
  void adminScopeNeedsTheAdminGroupAndLosingARoleInvalidatesTheToken() {
    apply(ns, userYaml("ada", "groups: [admin]\n  roles: [maintainer]"));
    apply(ns, tokenYaml("ada-admin", "ada", "scopes: [admin, users.write]"));
    awaitTokenPhase(ns, "ada-admin", "Active");

    apply(ns, userYaml("ada", "groups: []\n  roles: [maintainer]"));

    ApiToken token = awaitTokenPhase(ns, "ada-admin", "Invalid");
    assertThat(condition(token.getStatus(), "Ready").orElseThrow().getMessage()).contains("admin");
  }

  @Test
  void disablingAndReEnablingATokenRestoresTheSameKey() {
    runner("carol");
    apply(ns, tokenYaml("carol-ci", "carol", "enabled: true"));
    String digest = awaitTokenPhase(ns, "carol-ci", "Active").getStatus().getKey().getDigest();
    String key = secretValue(ns, "carol-ci", "token");

    apply(ns, tokenYaml("carol-ci", "carol", "enabled: false"));
    awaitTokenPhase(ns, "carol-ci", "Disabled");
    apply(ns, tokenYaml("carol-ci", "carol", "enabled: true"));

    ApiToken token = awaitTokenPhase(ns, "carol-ci", "Active");
    assertThat(token.getStatus().getKey().getDigest()).isEqualTo(digest);
    assertThat(secretValue(ns, "carol-ci", "token")).isEqualTo(key);
  }

  @Test
  void disablingOrDeletingTheUserDisablesItsTokensAndReEnablingRestoresThem() {
    runner("dave");
    apply(ns, tokenYaml("dave-1", "dave", "scopes: [runners.read]"));
    apply(ns, tokenYaml("dave-2", "dave", "scopes: [runners.run]"));
    String digest = awaitTokenPhase(ns, "dave-1", "Active").getStatus().getKey().getDigest();
    awaitTokenPhase(ns, "dave-2", "Active");

    apply(ns, userYaml("dave", "roles: [runner]\n  enabled: false"));
    assertThat(
            condition(awaitTokenPhase(ns, "dave-1", "Disabled").getStatus(), "Ready")
                .orElseThrow()
                .getReason())
        .isEqualTo("OwnerDisabled");
    awaitTokenPhase(ns, "dave-2", "Disabled");

    apply(ns, userYaml("dave", "roles: [runner]\n  enabled: true"));
    assertThat(awaitTokenPhase(ns, "dave-1", "Active").getStatus().getKey().getDigest())
        .isEqualTo(digest);

    client.resources(ApiUser.class).inNamespace(ns).withName("dave").delete();
    ApiToken orphaned = awaitTokenPhase(ns, "dave-2", "Disabled");
    assertThat(condition(orphaned.getStatus(), "Ready").orElseThrow().getReason())
        .isEqualTo("OwnerNotFound");
  }

  @Test
  void tokenExpiresWithinOneSecondOfItsExpiry() {
    runner("erin");
    Instant expires = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    apply(ns, tokenYaml("short", "erin", "expires: \"" + expires + "\""));
    ApiToken active = awaitTokenPhase(ns, "short", "Active");
    assertThat(active.getStatus().getExpiresAt()).isEqualTo(expires.toString());

    await()
        .atMost(Duration.between(Instant.now(), expires.plusSeconds(1)))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "Expired".equals(token(ns, "short").getStatus().getPhase()));
    assertThat(Instant.now()).isAfterOrEqualTo(expires);
  }

  @Test
  void expiryInThePastAtCreationIsReportedAtOnceAndNoKeyIsIssued() {
    runner("frank");
    apply(ns, tokenYaml("stale", "frank", "expires: \"2020-01-01T00:00:00Z\""));

    ApiToken token = awaitTokenPhase(ns, "stale", "Expired");

    assertThat(condition(token.getStatus(), "Ready").orElseThrow().getReason())
        .isEqualTo("ExpiryInPast");
    assertThat(token.getStatus().getKey()).isNull();
    assertThat(secret(ns, "stale")).isNull();
  }

  @Test
  void rollingTokenIsRenewedBeforeExpiryAndThePreviousKeyLeavesAfterItsGracePeriod() {
    runner("gina");
    apply(
        ns,
        tokenYaml(
            "rolling",
            "gina",
            "lifetime: 1m\n  renewBefore: 52s\n  rotation:\n    gracePeriod: 3s"));
    ApiToken first = awaitTokenPhase(ns, "rolling", "Active");
    String firstDigest = first.getStatus().getKey().getDigest();

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !firstDigest.equals(token(ns, "rolling").getStatus().getKey().getDigest()));
    ApiToken rotated = token(ns, "rolling");
    assertThat(rotated.getStatus().getPreviousKeys())
        .singleElement()
        .satisfies(k -> assertThat(k.getDigest()).isEqualTo(firstDigest));
    assertThat(KeyHasher.matches(secretValue(ns, "rolling", "token"), rotated.getStatus().getKey()))
        .isTrue();
    assertThat(rotated.getStatus().getRotatedAt()).isNotNull();

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> token(ns, "rolling").getStatus().getPreviousKeys().isEmpty());
  }

  @Test
  void rotateAnnotationIssuesANewKeyAndKeepsThePreviousOneForItsGracePeriod() {
    runner("hank");
    apply(ns, tokenYaml("manual", "hank", "rotation:\n    gracePeriod: 1h"));
    String firstDigest = awaitTokenPhase(ns, "manual", "Active").getStatus().getKey().getDigest();

    Resources.annotate(client, ApiToken.class, ns, "manual", "keyward.dev/rotate", "2026-11-23");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !firstDigest.equals(token(ns, "manual").getStatus().getKey().getDigest()));
    ApiToken rotated = token(ns, "manual");
    assertThat(rotated.getStatus().getPreviousKeys())
        .extracting("digest")
        .containsExactly(firstDigest);
    assertThat(rotated.getStatus().getLastRotationRequest()).isEqualTo("2026-11-23");
  }

  @Test
  void deletedSecretIsReissuedWithANewKeyAndTheOldKeyLeavesTheRecord() {
    runner("ivy");
    apply(ns, tokenYaml("ivy-ci", "ivy", "rotation:\n    gracePeriod: 1h"));
    awaitTokenPhase(ns, "ivy-ci", "Active");
    String oldKey = secretValue(ns, "ivy-ci", "token");

    client.secrets().inNamespace(ns).withName("ivy-ci").delete();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                secret(ns, "ivy-ci") != null && !oldKey.equals(secretValue(ns, "ivy-ci", "token")));
    ApiToken token = awaitTokenPhase(ns, "ivy-ci", "Active");
    assertThat(KeyHasher.matches(secretValue(ns, "ivy-ci", "token"), token.getStatus().getKey()))
        .isTrue();
    assertThat(KeyHasher.matches(oldKey, token.getStatus().getKey())).isFalse();
    assertThat(token.getStatus().getPreviousKeys()).noneMatch(k -> KeyHasher.matches(oldKey, k));
  }

  @Test
  void editedSecretIsReissuedWithANewKey() {
    runner("jack");
    apply(ns, tokenYaml("jack-ci", "jack", ""));
    awaitTokenPhase(ns, "jack-ci", "Active");
    String planted = new KeyFormat("kwt").generate();

    client
        .secrets()
        .inNamespace(ns)
        .withName("jack-ci")
        .edit(
            s -> {
              s.getData()
                  .put("token", java.util.Base64.getEncoder().encodeToString(planted.getBytes()));
              return s;
            });

    // The Secret is written first and the status after it: wait for both.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String current = secretValue(ns, "jack-ci", "token");
              ApiToken token = token(ns, "jack-ci");
              assertThat(current).isNotEqualTo(planted);
              assertThat(KeyHasher.matches(current, token.getStatus().getKey())).isTrue();
            });
    assertThat(KeyHasher.matches(planted, token(ns, "jack-ci").getStatus().getKey())).isFalse();
  }

  @Test
  void templateLabelsAndAnnotationsAreReappliedWhenRemoved() {
    runner("kim");
    apply(
        ns,
        tokenYaml(
            "kim-ci",
            "kim",
            "secret:\n    name: kim-key\n    key: api-key\n    labels: {team: platform}\n    annotations: {note: keep-me}"));
    awaitTokenPhase(ns, "kim-ci", "Active");
    assertThat(secret(ns, "kim-key").getMetadata().getLabels()).containsEntry("team", "platform");
    assertThat(secretValue(ns, "kim-key", "api-key")).startsWith("kwt_");

    client
        .secrets()
        .inNamespace(ns)
        .withName("kim-key")
        .edit(
            s -> {
              s.getMetadata().getLabels().remove("team");
              s.getMetadata().getAnnotations().remove("note");
              return s;
            });

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Secret secret = secret(ns, "kim-key");
              assertThat(secret.getMetadata().getLabels()).containsEntry("team", "platform");
              assertThat(secret.getMetadata().getAnnotations()).containsEntry("note", "keep-me");
            });
  }

  @Test
  void foreignSecretWithTheTargetNameIsNeverOverwritten() {
    runner("lena");
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("lena-ci")
                .endMetadata()
                .addToStringData("token", "someone-elses-value")
                .build())
        .create();

    apply(ns, tokenYaml("lena-ci", "lena", ""));

    ApiToken token = awaitTokenPhase(ns, "lena-ci", "Invalid");
    assertThat(condition(token.getStatus(), "SecretReady").orElseThrow().getReason())
        .isEqualTo("SecretConflict");
    assertThat(secretValue(ns, "lena-ci", "token")).isEqualTo("someone-elses-value");
    assertThat(token.getStatus().getKey()).isNull();
  }

  @Test
  void everyTransitionIsRecordedAsOneEvent() {
    runner("mona");
    apply(ns, tokenYaml("mona-ci", "mona", ""));
    awaitTokenPhase(ns, "mona-ci", "Active");
    apply(ns, tokenYaml("mona-ci", "mona", "enabled: false"));
    awaitTokenPhase(ns, "mona-ci", "Disabled");
    apply(ns, tokenYaml("mona-ci", "mona", "enabled: true"));
    awaitTokenPhase(ns, "mona-ci", "Active");

    // The first key and the first activation are one transition: one KeyIssued that says so.
    // A later activation, with no new key, is an Activated of its own.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .filteredOn(e -> "mona-ci".equals(e.getInvolvedObject().getName()))
                    .extracting(
                        e -> e.getReason() + ": " + e.getMessage().replaceAll("kwt_\\S+", "HINT"))
                    .containsExactlyInAnyOrder(
                        "KeyIssued: issued key HINT into Secret mona-ci; token is active",
                        "Disabled: spec.enabled is false; the key is kept and does not verify",
                        "Activated: token is active"));
  }

  @Test
  void eachControllersSecretInformerCachesOnlyTheSecretsOfItsOwnKind() {
    runner("nick");
    apply(ns, tokenYaml("nick-ci", "nick", ""));
    awaitTokenPhase(ns, "nick-ci", "Active");
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .endMetadata()
                .addToStringData("k", "v")
                .build())
        .create();
    ResourceID tokenSecret = new ResourceID("nick-ci", ns);
    ResourceID unrelated = new ResourceID("unrelated", ns);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cachedKeys("apitoken")).contains(tokenSecret).doesNotContain(unrelated));
    assertThat(cachedKeys("apiuser")).doesNotContain(tokenSecret, unrelated);
    assertThat(cachedKeys("application")).doesNotContain(tokenSecret, unrelated);
  }

  private static List<ResourceID> cachedKeys(String controller) {
    return operator
        .controller(controller)
        .getControllerHealthInfo()
        .informerEventSourceHealthIndicators()
        .values()
        .stream()
        .filter(i -> i instanceof ManagedInformerEventSource<?, ?, ?>)
        .flatMap(i -> ((ManagedInformerEventSource<?, ?, ?>) i).list(x -> true))
        .filter(o -> o instanceof Secret)
        .map(o -> ResourceID.fromResource((Secret) o))
        .toList();
  }
}
