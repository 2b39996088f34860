package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosisTest {

  private static ResourceView token(Map<String, Object> status) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setMetadata(new ObjectMetaBuilder().withName("ci").withNamespace("team").build());
    if (status != null) {
      resource.setAdditionalProperty("status", status);
    }
    return new ResourceView(KeywardKind.TOKEN, resource);
  }

  private static Map<String, Object> condition(
      String type, String status, String reason, String message) {
    return Map.of("type", type, "status", status, "reason", reason, "message", message);
  }

  @Test
  void aDisabledOwnerIsExplainedWithTheConditionChainAndTheCommandThatFixesIt() {
    ResourceView view =
        token(
            Map.of(
                "phase",
                "Disabled",
                "conditions",
                List.of(
                    condition("Ready", "False", "OwnerDisabled", "the owner is disabled"),
                    condition("OwnerFound", "True", "OwnerFound", "owned by ApiUser alice"))));

    Diagnosis diagnosis = Diagnosis.of(view);

    assertThat(diagnosis.sentences())
        .containsExactly(
            "ApiToken ci is Disabled.",
            "OwnerFound holds: owned by ApiUser alice (OwnerFound).",
            "Ready fails: the owner is disabled (OwnerDisabled).");
    assertThat(diagnosis.nextSteps())
        .containsExactly("Enable the owning ApiUser: kubectl keyward enable user/<owner> -n team.");
  }

  @Test
  void aDeprecatedTokenIsToldToRotateAndAMissingDeliveryGrantNamesWhoConsents() {
    ResourceView view =
        token(
            Map.of(
                "phase",
                "Deprecated",
                "conditions",
                List.of(
                    condition("Ready", "False", "Deprecated", "the key was deprecated"),
                    condition(
                        "SecretDelivered",
                        "False",
                        "DeliveryGrantMissing",
                        "no AccessGrant in namespace b admits kind Secret"))));

    Diagnosis diagnosis = Diagnosis.of(view);

    assertThat(diagnosis.nextSteps())
        .anySatisfy(step -> assertThat(step).contains("kubectl keyward rotate token/ci -n team"))
        .anySatisfy(step -> assertThat(step).contains("kinds: [Secret]"));
  }

  @Test
  void aResourceWithoutStatusPointsAtTheOperator() {
    Diagnosis diagnosis = Diagnosis.of(token(null));

    assertThat(diagnosis.sentences())
        .containsExactly("ApiToken ci has no status yet: the operator has not reconciled it.");
    assertThat(diagnosis.nextSteps().get(0)).contains("Keyward operator is running");
  }

  @Test
  void anUnknownReasonFallsBackToTheEvents() {
    ResourceView view =
        token(
            Map.of(
                "phase",
                "Invalid",
                "conditions",
                List.of(condition("Ready", "False", "SomethingNew", "new failure"))));

    assertThat(Diagnosis.of(view).nextSteps())
        .containsExactly("Read its events: kubectl describe token/ci -n team.");
  }

  @Test
  void aKeyExpiringSoonIsActiveButAsksForAction() {
    ResourceView view =
        token(
            Map.of(
                "phase",
                "Active",
                "conditions",
                List.of(
                    condition("Ready", "True", "Active", "the key verifies"),
                    condition(
                        "ExpiringSoon",
                        "True",
                        "ExpiringSoon",
                        "the key expires at 2030-01-01T00:00:00Z, within 7 days"))));

    assertThat(Diagnosis.of(view).sentences())
        .contains(
            "ExpiringSoon holds: the key expires at 2030-01-01T00:00:00Z, within 7 days"
                + " (ExpiringSoon).");
    assertThat(Diagnosis.of(view).nextSteps()).singleElement().asString().contains("spec.expires");
    assertThat(StatusCommand.summary(view))
        .isEqualTo("the key expires at 2030-01-01T00:00:00Z, within 7 days");
  }

  @Test
  void theSummaryNamesTheFailingConditionNotTheChecksItsFailureLeftUnknown() {
    ResourceView view =
        token(
            Map.of(
                "phase",
                "Pending",
                "conditions",
                List.of(
                    condition("OwnerFound", "False", "OwnerNotFound", "ApiUser alice is missing"),
                    condition(
                        "ScopesAllowed",
                        "Unknown",
                        "NotChecked",
                        "not checked: the resource stopped earlier (OwnerNotFound)"),
                    condition("Ready", "False", "OwnerNotFound", "waiting for ApiUser alice"))));

    assertThat(StatusCommand.summary(view)).isEqualTo("ApiUser alice is missing");
    assertThat(Diagnosis.of(view).sentences())
        .contains(
            "ScopesAllowed is unknown: not checked: the resource stopped earlier (OwnerNotFound)"
                + " (NotChecked).");
  }

  @Test
  void anActiveResourceNeedsNothing() {
    ResourceView view =
        token(
            Map.of(
                "phase",
                "Active",
                "conditions",
                List.of(condition("Ready", "True", "Active", "the key verifies"))));

    assertThat(Diagnosis.of(view).nextSteps()).isEmpty();
  }
}
