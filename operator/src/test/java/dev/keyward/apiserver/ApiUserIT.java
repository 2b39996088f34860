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
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiUser;
import dev.keyward.credential.PasswordHasher;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ApiUsers on a real API server: ids, token counts, generated and supplied passwords. */
class ApiUserIT {

  private static KeywardOperator operator;
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
    assertThat(user.getStatus().getPasswordHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(PasswordHasher.verify(password, user.getStatus().getPasswordHash())).isTrue();
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(user.getMetadata().getUid()));
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
        .until(() -> PasswordHasher.verify(second, user(ns, "pia").getStatus().getPasswordHash()));
    assertThat(PasswordHasher.verify(first, user(ns, "pia").getStatus().getPasswordHash()))
        .isFalse();
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
                .endMetadata()
                .addToStringData("pw", password)
                .build())
        .create();

    apply(ns, userYaml("quinn", "password:\n    secretRef: {name: quinn-pw, key: pw}"));

    ApiUser user = awaitUserPhase(ns, "quinn", "Active");
    assertThat(PasswordHasher.verify(password, user.getStatus().getPasswordHash())).isTrue();
    assertThat(TestCluster.client().secrets().inNamespace(ns).list().getItems())
        .filteredOn(s -> !"quinn-pw".equals(s.getMetadata().getName()))
        .allSatisfy(
            s ->
                assertThat(s.getData() == null ? "" : s.getData().toString())
                    .doesNotContain(
                        java.util.Base64.getEncoder().encodeToString(password.getBytes())));
  }

  @Test
  void suppliedPasswordShorterThanTheMinimumIsRefusedWithACondition() {
    TestCluster.client()
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("rita-pw")
                .endMetadata()
                .addToStringData("password", "short")
                .build())
        .create();

    apply(ns, userYaml("rita", "password:\n    secretRef: {name: rita-pw}"));

    ApiUser user = awaitUserPhase(ns, "rita", "Invalid");
    assertThat(condition(user.getStatus(), "PasswordReady").orElseThrow().getMessage())
        .contains("shorter than 12 characters")
        .doesNotContain("short\"");
    assertThat(user.getStatus().getPasswordHash()).isNull();
  }

  @Test
  void disabledUserReportsDisabledAndItsTokensFollow() {
    apply(ns, userYaml("sam", "roles: [runner]\n  enabled: false"));
    apply(ns, tokenYaml("sam-ci", "sam", ""));

    awaitUserPhase(ns, "sam", "Disabled");
    awaitTokenPhase(ns, "sam-ci", "Disabled");
  }
}
