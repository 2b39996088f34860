package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.awaitUserPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.secret;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.user;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import dev.keyward.credential.PasswordHasher;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.secret.SecretStore;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ApiUsers on a real API server: ids, token counts, generated and supplied passwords. */
class ApiUserIT {

  private static KeywardOperator operator;
  private static String operatorNs;
  private String ns;

  @BeforeAll
  static void startOperator() {
    operatorNs = TestCluster.createNamespace("keyward-system");
    KeywardConfig config = TestOperator.config(operatorNs);
    operator =
        TestOperator.start(
            config.withBindingLimits(
                config.bindingLimits().withOrphanSweepInterval(Duration.ofSeconds(1))));
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @BeforeEach
  void namespace() {
    ns = TestCluster.createNamespace("user");
  }

  @Test
  void userHasAStableIdItsUsernameAndTheCountOfItsTokens() {
    apply(ns, userYaml("nora", "username: nora.k\n  roles: [runner]"));
    apply(ns, tokenYaml("nora-1", "nora", ""));
    apply(ns, tokenYaml("nora-2", "nora", ""));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              ApiUser user = user(ns, "nora");
              assertThat(user.getStatus().getTokenCount()).isEqualTo(2);
              assertThat(user.getStatus().getUsername()).isEqualTo("nora.k");
              assertThat(user.getStatus().getId()).isEqualTo(user.getMetadata().getUid());
            });
    String id = user(ns, "nora").getStatus().getId();

    apply(ns, userYaml("nora", "username: nora.k\n  roles: [runner]\n  email: nora@example.com"));
    TestCluster.client()
        .resources(dev.keyward.api.ApiToken.class)
        .inNamespace(ns)
        .withName("nora-2")
        .delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> user(ns, "nora").getStatus().getTokenCount() == 1);
    assertThat(user(ns, "nora").getStatus().getId()).isEqualTo(id);
  }

  @Test
  void generatedPasswordGoesIntoABasicAuthSecretAndOnlyItsArgon2idHashIntoTheRecord() {
    apply(ns, userYaml("olga", "password:\n    generate: true"));

    ApiUser user = awaitUserPhase(ns, "olga", "Active");
    Secret secret = secret(ns, "olga-password");
    String password = secretValue(ns, "olga-password", "password");

    assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
    assertThat(secretValue(ns, "olga-password", "username")).isEqualTo("olga");
    assertThat(password).hasSize(24);
    assertThat(recordedHash(ns, "olga")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(PasswordHasher.verify(password, recordedHash(ns, "olga"))).isTrue();
    assertThat(Serialization.asJson(user.getStatus())).doesNotContain("argon2");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(user.getMetadata().getUid()));
  }

  @Test
  void passwordRecordLivesInTheOperatorNamespaceOutOfTenantsReachAndGoesWithItsUser() {
    apply(ns, userYaml("olive", "password:\n    generate: true"));
    ApiUser user = awaitUserPhase(ns, "olive", "Active");
    String uid = user.getMetadata().getUid();
    await().atMost(Duration.ofSeconds(10)).until(() -> recordedHash(ns, "olive") != null);

    Secret record = record(ns, "olive");
    assertThat(record.getMetadata().getName()).isEqualTo("kwpw-" + uid);
    assertThat(record.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(record.getMetadata().getLabels())
        .containsEntry(KeywardNames.MANAGED_BY_LABEL, KeywardNames.MANAGED_BY)
        .containsEntry(KeywardNames.PASSWORD_RECORD_LABEL, "true")
        .containsEntry(KeywardNames.APIUSER_UID_LABEL, uid)
        .containsEntry(KeywardNames.APIUSER_NAMESPACE_LABEL, ns)
        .containsEntry(KeywardNames.APIUSER_NAME_LABEL, "olive");
    assertThat(
            TestCluster.client()
                .secrets()
                .inNamespace(ns)
                .withLabel(KeywardNames.PASSWORD_RECORD_LABEL)
                .list()
                .getItems())
        .as("nothing of the record in the tenant's namespace")
        .isEmpty();

    // A tenant holding edit in the user's namespace reads its Secrets there, not the record.
    Tenants.bind(ns, "olive-admin", "edit");
    try (KubernetesClient tenant = Tenants.clientAs("olive-admin")) {
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> tenant.secrets().inNamespace(ns).withName("olive-password").get() != null);
      assertThatThrownBy(
              () ->
                  tenant
                      .secrets()
                      .inNamespace(operatorNs)
                      .withName(record.getMetadata().getName())
                      .get())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }

    TestCluster.client().resources(ApiUser.class).inNamespace(ns).withName("olive").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> secret(operatorNs, "kwpw-" + uid) == null);
  }

  @Test
  void removingThePasswordDeletesTheRecord() {
    apply(ns, userYaml("otto", "password:\n    generate: true"));
    awaitUserPhase(ns, "otto", "Active");
    await().atMost(Duration.ofSeconds(10)).until(() -> record(ns, "otto") != null);

    apply(ns, userYaml("otto", "roles: [runner]"));

    await().atMost(Duration.ofSeconds(10)).until(() -> record(ns, "otto") == null);
    // The record goes first, then the status is written: wait for both.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(user(ns, "otto").getStatus().getPasswordSecretName()).isNull());
  }

  @Test
  void generatedPasswordLengthIsConfigurableAndADeletedSecretGetsANewPassword() {
    apply(ns, userYaml("pia", "password:\n    generate: true\n    length: 40"));
    awaitUserPhase(ns, "pia", "Active");
    await().atMost(Duration.ofSeconds(10)).until(() -> secret(ns, "pia-password") != null);
    String first = secretValue(ns, "pia-password", "password");
    assertThat(first).hasSize(40);

    TestCluster.client().secrets().inNamespace(ns).withName("pia-password").delete();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                secret(ns, "pia-password") != null
                    && !first.equals(secretValue(ns, "pia-password", "password")));
    String second = secretValue(ns, "pia-password", "password");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> PasswordHasher.verify(second, recordedHash(ns, "pia")));
    assertThat(PasswordHasher.verify(first, recordedHash(ns, "pia"))).isFalse();
  }

  @Test
  void suppliedPasswordIsHashedAndNeverCopiedElsewhere() {
    String password = "correct horse battery staple";
    TestCluster.client()
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("quinn-pw")
                .addToAnnotations(KeywardNames.PASSWORD_FOR_ANNOTATION, "quinn")
                .endMetadata()
                .addToStringData("pw", password)
                .build())
        .create();

    apply(ns, userYaml("quinn", "password:\n    secretRef: {name: quinn-pw, key: pw}"));

    ApiUser user = awaitUserPhase(ns, "quinn", "Active");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> PasswordHasher.verify(password, recordedHash(ns, "quinn")));
    assertThat(Serialization.asJson(user.getStatus())).doesNotContain("argon2");
    assertThat(TestCluster.client().secrets().inNamespace(ns).list().getItems())
        .filteredOn(s -> !"quinn-pw".equals(s.getMetadata().getName()))
        .allSatisfy(
            s ->
                assertThat(s.getData() == null ? "" : s.getData().toString())
                    .doesNotContain(
                        java.util.Base64.getEncoder().encodeToString(password.getBytes())));
  }

  @Test
  void aSuppliedPasswordSecretMustOptInAndEveryRefusalSaysTheSameThing() {
    String password = "a password long enough to be used";
    createSecret("not-opted-in", Map.of(), Map.of("password", password));
    createSecret(
        "no-such-key",
        Map.of(KeywardNames.PASSWORD_FOR_ANNOTATION, "rita-key"),
        Map.of("other", password));
    createSecret(
        "too-short",
        Map.of(KeywardNames.PASSWORD_FOR_ANNOTATION, "rita-short"),
        Map.of("password", "short"));
    createSecret(
        "for-someone-else",
        Map.of(KeywardNames.PASSWORD_FOR_ANNOTATION, "somebody"),
        Map.of("password", password));

    Map<String, String> refs =
        Map.of(
            "rita-plain", "not-opted-in",
            "rita-key", "no-such-key",
            "rita-short", "too-short",
            "rita-other", "for-someone-else",
            "rita-missing", "missing");
    refs.forEach(
        (user, secret) ->
            apply(ns, userYaml(user, "password:\n    secretRef: {name: " + secret + "}")));

    refs.forEach(
        (name, secret) -> {
          ApiUser user = awaitUserPhase(ns, name, "Invalid");
          var ready = condition(user.getStatus(), "PasswordReady").orElseThrow();
          assertThat(ready.getReason()).isEqualTo("PasswordSecretUnusable");
          assertThat(ready.getMessage())
              .as("the same answer whatever the Secret holds")
              .isEqualTo(
                  "Secret "
                      + secret
                      + " cannot be used as this user's password: it must exist in this"
                      + " namespace, carry the annotation keyward.dev/password-for: "
                      + name
                      + ", and hold a password of at least 12 characters under the key password");
          assertThat(Serialization.asJson(user.getStatus())).doesNotContain("argon2");
          assertThat(record(ns, name)).isNull();
        });
  }

  @Test
  void aSuppliedPasswordThatStopsOptingInStopsBeingRecorded() {
    String password = "correct horse battery staple";
    createSecret(
        "tara-pw",
        Map.of(KeywardNames.PASSWORD_FOR_ANNOTATION, "tara"),
        Map.of("password", password));
    apply(ns, userYaml("tara", "password:\n    secretRef: {name: tara-pw}"));
    awaitUserPhase(ns, "tara", "Active");
    await().atMost(Duration.ofSeconds(10)).until(() -> recordedHash(ns, "tara") != null);

    TestCluster.client()
        .secrets()
        .inNamespace(ns)
        .withName("tara-pw")
        .edit(
            s -> {
              s.getMetadata().getAnnotations().remove(KeywardNames.PASSWORD_FOR_ANNOTATION);
              return s;
            });
    // The supplied Secret is not watched; a change of the user re-reads it at once.
    apply(ns, userYaml("tara", "password:\n    secretRef: {name: tara-pw}\n  displayName: Tara"));

    awaitUserPhase(ns, "tara", "Invalid");
    await().atMost(Duration.ofSeconds(10)).until(() -> recordedHash(ns, "tara") == null);
  }

  @Test
  void aSecondUserWithTheSameUsernameInTheNamespaceIsInvalid() {
    apply(ns, userYaml("uma", "username: uma"));
    awaitUserPhase(ns, "uma", "Active");
    apply(ns, userYaml("uma-again", "username: uma"));

    ApiUser later = awaitUserPhase(ns, "uma-again", "Invalid");
    assertThat(condition(later.getStatus(), "Ready").orElseThrow().getReason())
        .isEqualTo("UsernameTaken");
    assertThat(condition(later.getStatus(), "UsernameHeld").orElseThrow().getMessage())
        .contains("is already held by ApiUser uma in this namespace");
    assertThat(
            TestCluster.client()
                .v1()
                .events()
                .inNamespace(ns)
                .withField("involvedObject.name", "uma-again")
                .list()
                .getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("UsernameTaken"));
    assertThat(user(ns, "uma").getStatus().getPhase()).isEqualTo("Active");

    String otherNs = TestCluster.createNamespace("user");
    apply(otherNs, userYaml("uma", "username: uma"));
    awaitUserPhase(otherNs, "uma", "Active");
  }

  private void createSecret(
      String name, Map<String, String> annotations, Map<String, String> data) {
    TestCluster.client()
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  /** The password record the operator keeps for the user in its own namespace, or null. */
  private static Secret record(String namespace, String user) {
    return secret(operatorNs, "kwpw-" + user(namespace, user).getMetadata().getUid());
  }

  /** The Argon2id hash in the user's password record, or null. */
  private static String recordedHash(String namespace, String user) {
    Secret record = record(namespace, user);
    return record == null
        ? null
        : SecretStore.value(record, KeywardNames.PASSWORD_RECORD_DATA_KEY)
            .filter(v -> !v.isEmpty())
            .orElse(null);
  }

  @Test
  void disabledUserReportsDisabledAndItsTokensFollow() {
    apply(ns, userYaml("sam", "roles: [runner]\n  enabled: false"));
    apply(ns, tokenYaml("sam-ci", "sam", ""));

    awaitUserPhase(ns, "sam", "Disabled");
    awaitTokenPhase(ns, "sam-ci", "Disabled");
  }
}
