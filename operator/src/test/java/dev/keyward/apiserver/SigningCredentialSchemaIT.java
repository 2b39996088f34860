package dev.keyward.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.api.SigningCredential;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a SigningCredential may not become after it was created, on a real API server (no operator
 * needed): its algorithm and its owner are pinned; defaults fill in what was left out. Bad input at
 * creation is covered by the manifests under {@code src/test/resources/invalid/signing-*}.
 */
class SigningCredentialSchemaIT {

  private static String ns;

  @BeforeAll
  static void createNamespace() {
    ns = TestCluster.createNamespace("signing-schema");
  }

  @AfterAll
  static void deleteNamespace() {
    TestCluster.deleteNamespace(ns);
  }

  private static void create(String name, String spec) {
    Resources.apply(
        ns,
        """
        apiVersion: keyward.dev/v1alpha1
        kind: SigningCredential
        metadata: {name: %s}
        spec: %s
        """
            .formatted(name, spec));
  }

  private static void mergePatch(String name, String patch) {
    TestCluster.client()
        .resources(SigningCredential.class)
        .inNamespace(ns)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  @Test
  void algorithmAndLifetimeBoundDefaultToEdDsaAndFiveMinutes() {
    create("defaults", "{user: alice}");

    SigningCredential created =
        TestCluster.client()
            .resources(SigningCredential.class)
            .inNamespace(ns)
            .withName("defaults")
            .get();

    assertThat(created.getSpec().getAlgorithm()).isEqualTo("EdDSA");
    assertThat(created.getSpec().getMaxTokenLifetime()).isEqualTo("5m");
    assertThat(created.getSpec().getEnabled()).isTrue();
  }

  @Test
  void theAlgorithmCannotChange() {
    create("pinned", "{user: alice, algorithm: EdDSA}");

    assertThatThrownBy(() -> mergePatch("pinned", "{\"spec\":{\"algorithm\":\"HS256\"}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("algorithm is immutable");
  }

  @Test
  void theOwnerCannotChangeNorSwitchKind() {
    create("owned", "{user: alice}");

    assertThatThrownBy(() -> mergePatch("owned", "{\"spec\":{\"user\":\"admin\"}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("the owner (user or application) is immutable");
    assertThatThrownBy(
            () -> mergePatch("owned", "{\"spec\":{\"user\":null,\"application\":\"pipeline\"}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("the owner (user or application) is immutable");
  }

  @Test
  void enabledAndTheLifetimeBoundMayChange() {
    create("tunable", "{user: alice}");

    mergePatch("tunable", "{\"spec\":{\"enabled\":false,\"maxTokenLifetime\":\"1h\"}}");

    SigningCredential changed =
        TestCluster.client()
            .resources(SigningCredential.class)
            .inNamespace(ns)
            .withName("tunable")
            .get();
    assertThat(changed.getSpec().getEnabled()).isFalse();
    assertThat(changed.getSpec().getMaxTokenLifetime()).isEqualTo("1h");
  }
}
