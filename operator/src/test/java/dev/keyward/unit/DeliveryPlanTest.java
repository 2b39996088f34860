package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.AccessGrantSource;
import dev.keyward.api.AccessGrantSpec;
import dev.keyward.delivery.DeliveryConsent;
import dev.keyward.delivery.DeliveryPlan;
import dev.keyward.delivery.DeliveryPlan.Action;
import dev.keyward.delivery.DeliveryPlan.Step;
import dev.keyward.delivery.DeliveryPlan.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which namespaces get a copy, which lose theirs, and what the SecretDelivered condition says. */
class DeliveryPlanTest {

  private static AccessGrant grant(List<String> kinds, AccessGrantSource... from) {
    AccessGrant grant = new AccessGrant();
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setFrom(List.of(from));
    spec.setKinds(kinds);
    grant.setSpec(spec);
    return grant;
  }

  private static AccessGrantSource source(String namespace, String application, String apiToken) {
    AccessGrantSource source = new AccessGrantSource(namespace, application);
    source.setApiToken(apiToken);
    return source;
  }

  @Test
  void onlyAGrantOfKindSecretConsents() {
    var roles = grant(null, source("a", null, null));
    var secrets = grant(List.of("Secret"), source("a", null, null));
    assertThat(DeliveryConsent.admits(List.of(roles), "ApiToken", "a", "ci")).isFalse();
    assertThat(DeliveryConsent.admits(List.of(roles, secrets), "ApiToken", "a", "ci")).isTrue();
    assertThat(DeliveryConsent.admits(List.of(secrets), "ApiToken", "b", "ci")).isFalse();
  }

  @Test
  void aNamedSourceAdmitsOnlyThatResourceOfThatKind() {
    var token = List.of(grant(List.of("Secret"), source("a", null, "ci")));
    var app = List.of(grant(List.of("Secret"), source("a", "ci", null)));
    assertThat(DeliveryConsent.admits(token, "ApiToken", "a", "ci")).isTrue();
    assertThat(DeliveryConsent.admits(token, "ApiToken", "a", "other")).isFalse();
    assertThat(DeliveryConsent.admits(token, "Application", "a", "ci")).isFalse();
    assertThat(DeliveryConsent.admits(app, "Application", "a", "ci")).isTrue();
    assertThat(DeliveryConsent.admits(app, "ApiToken", "a", "ci")).isFalse();
  }

  @Test
  void consentingNamespacesGetACopyOthersAreNamed() {
    List<Step> steps =
        DeliveryPlan.of("a", List.of("b", "c", "d"), true, Set.of(), "b"::equals, "d"::equals);
    assertThat(steps)
        .containsExactly(
            new Step("b", Action.WRITE),
            new Step("c", Action.GRANT_MISSING),
            new Step("d", Action.GRANT_MISSING));

    List<Step> withConsent =
        DeliveryPlan.of("a", List.of("b", "d"), true, Set.of(), ns -> true, "d"::equals);
    assertThat(withConsent)
        .containsExactly(new Step("b", Action.WRITE), new Step("d", Action.CONFLICT));
  }

  @Test
  void copiesNoLongerAskedForAreRemovedAndTheOwnNamespaceNeedsNone() {
    List<Step> steps =
        DeliveryPlan.of("a", List.of("a", "b"), true, Set.of("b", "c"), ns -> true, ns -> false);
    assertThat(steps).containsExactly(new Step("b", Action.WRITE), new Step("c", Action.REMOVE));
  }

  @Test
  void withoutItsOwnSecretNothingIsCopiedAndCopiesGo() {
    List<Step> steps =
        DeliveryPlan.of("a", List.of("b", "c"), false, Set.of("b"), ns -> true, ns -> false);
    assertThat(steps).containsExactly(new Step("b", Action.REMOVE));
    Verdict verdict =
        DeliveryPlan.verdict(steps, List.of("b", "c"), "a", false, "ApiToken", "a", "ci", "ci")
            .orElseThrow();
    assertThat(verdict.delivered()).isFalse();
    assertThat(verdict.reason()).isEqualTo("SourceSecretNotReady");
  }

  @Test
  void theVerdictNamesTheConflictFirstThenTheMissingGrant() {
    List<Step> steps =
        List.of(
            new Step("b", Action.WRITE),
            new Step("c", Action.GRANT_MISSING),
            new Step("d", Action.CONFLICT));
    Verdict verdict =
        DeliveryPlan.verdict(steps, List.of("b", "c", "d"), "a", true, "ApiToken", "a", "ci", "ci")
            .orElseThrow();
    assertThat(verdict.delivered()).isFalse();
    assertThat(verdict.reason()).isEqualTo("DeliveryConflict");
    assertThat(verdict.message())
        .startsWith("Secret ci in namespace d exists and was not delivered by Keyward")
        .contains("no AccessGrant in namespace c admits kind Secret from ApiToken a/ci")
        .contains("from: [{namespace: a, apiToken: ci}]")
        .endsWith("Secret ci delivered to b");
  }

  @Test
  void allDeliveredIsTrueAndNothingAskedIsNoCondition() {
    List<Step> steps = List.of(new Step("c", Action.WRITE), new Step("b", Action.WRITE));
    Verdict verdict =
        DeliveryPlan.verdict(steps, List.of("c", "b"), "a", true, "Application", "a", "app", "s")
            .orElseThrow();
    assertThat(verdict.delivered()).isTrue();
    assertThat(verdict.message()).isEqualTo("Secret s delivered to b, c");
    assertThat(DeliveryPlan.verdict(List.of(), List.of(), "a", true, "ApiToken", "a", "x", "x"))
        .isEmpty();
  }
}
