package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.Condition;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reconcile that fails (here: an admission policy refuses the token's Secret) reports it in the
 * Ready condition, in words safe to show, and the retry after the cause is gone issues exactly one
 * key.
 */
class ReconcileErrorIT {

  private static KeywardOperator operator;
  private final KubernetesClient client = TestCluster.client();

  @BeforeAll
  static void start() {
    operator = TestOperator.start();
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void aFailedReconcileIsReportedInReadyAndTheRetryIssuesOneKey() {
    String ns = TestCluster.createNamespace("reconcile-error");
    String policy = "keyward-it-no-secrets-" + ns;
    client.resource(noSecretsPolicy(policy, ns)).create();
    client.resource(noSecretsBinding(policy, ns)).create();
    // The policy takes effect once the API server has seen it: wait until it refuses a Secret.
    await().atMost(Duration.ofSeconds(30)).until(() -> !secretsAllowed(ns));
    apply(ns, userYaml("owner", "roles: [runner]"));
    apply(ns, tokenYaml("blocked", "owner", "scopes: [runners.read]"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(token(ns, "blocked").getStatus())
                    .isNotNull()
                    .extracting(s -> condition(s, "Ready").map(Condition::getReason))
                    .isEqualTo(java.util.Optional.of("ReconcileError")));
    Condition ready = condition(token(ns, "blocked").getStatus(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).isEqualTo("Kubernetes API call failed with HTTP 403; retrying");

    client.resource(noSecretsBinding(policy, ns)).delete();
    client.resource(noSecretsPolicy(policy, ns)).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> secretsAllowed(ns));
    // A spec change reaches the token even once the retries are spent.
    apply(ns, tokenYaml("blocked", "owner", "scopes: [runners.read]\n  description: retry"));
    awaitTokenPhase(ns, "blocked", "Active");

    assertThat(condition(token(ns, "blocked").getStatus(), "Ready").orElseThrow().getReason())
        .isEqualTo("Active");
    assertThat(eventReasons(ns)).containsOnlyOnce("KeyIssued").doesNotContain("KeyAdopted");
  }

  private boolean secretsAllowed(String ns) {
    Secret probe =
        new SecretBuilder()
            .withNewMetadata()
            .withName("probe")
            .endMetadata()
            .addToStringData("k", "v")
            .build();
    try {
      client.secrets().inNamespace(ns).resource(probe).dryRun().create();
      return true;
    } catch (KubernetesClientException refused) {
      return false;
    }
  }

  private static String noSecretsPolicy(String name, String ns) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: %s
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - apiGroups: [""]
              apiVersions: ["v1"]
              operations: ["CREATE"]
              resources: ["secrets"]
          validations:
          - expression: "false"
            message: no Secrets in this namespace
            reason: Forbidden
        """
        .formatted(name);
  }

  private static String noSecretsBinding(String name, String ns) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: %s
        spec:
          policyName: %s
          validationActions: [Deny]
          matchResources:
            namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: %s
        """
        .formatted(name, name, ns);
  }

  private List<String> eventReasons(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "blocked".equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }
}
