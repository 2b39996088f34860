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
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reconcile that fails (here: the namespace's quota refuses the token's Secret) reports it in
 * the Ready condition, in words safe to show, and the retry after the cause is gone issues exactly
 * one key.
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
    ResourceQuota noSecrets =
        new ResourceQuotaBuilder()
            .withNewMetadata()
            .withName("no-secrets")
            .endMetadata()
            .withNewSpec()
            .addToHard("count/secrets", new io.fabric8.kubernetes.api.model.Quantity("0"))
            .endSpec()
            .build();
    client.resourceQuotas().inNamespace(ns).resource(noSecrets).create();
    apply(ns, userYaml("owner", "roles: [runner]"));
    apply(ns, tokenYaml("blocked", "owner", "scopes: [runners.read]"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                token(ns, "blocked").getStatus() != null
                    && condition(token(ns, "blocked").getStatus(), "Ready")
                        .map(c -> "ReconcileError".equals(c.getReason()))
                        .orElse(false));
    Condition ready = condition(token(ns, "blocked").getStatus(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).isEqualTo("Kubernetes API call failed with HTTP 403; retrying");

    client.resourceQuotas().inNamespace(ns).withName("no-secrets").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.resourceQuotas().inNamespace(ns).withName("no-secrets").get() == null);
    // A spec change reaches the token even once the retries are spent.
    apply(ns, tokenYaml("blocked", "owner", "scopes: [runners.read]\n  description: retry"));
    awaitTokenPhase(ns, "blocked", "Active");

    assertThat(condition(token(ns, "blocked").getStatus(), "Ready").orElseThrow().getReason())
        .isEqualTo("Active");
    assertThat(eventReasons(ns)).containsOnlyOnce("KeyIssued").doesNotContain("KeyAdopted");
  }

  private List<String> eventReasons(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "blocked".equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }
}
