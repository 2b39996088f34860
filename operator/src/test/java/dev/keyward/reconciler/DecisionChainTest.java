package dev.keyward.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionChainTest {

  private static final Verdict DISABLED =
      new Verdict(Phase.Disabled, ConditionReason.Disabled, "off");

  @Test
  void theFirstCheckThatStopsDecidesAndLaterChecksAreNotMadeButReportedUnknown() {
    List<String> asked = new ArrayList<>();
    DecisionChain<Boolean> chain =
        DecisionChain.<Boolean>of(
                Check.stating(
                    ConditionType.OwnerFound,
                    on -> {
                      asked.add("owner");
                      return Check.Result.pass(
                          ConditionType.OwnerFound, ConditionReason.OwnerFound, "found");
                    }),
                Check.gate(
                    "enabled",
                    on -> {
                      asked.add("enabled");
                      return on ? Check.Result.pass() : Check.Result.stop(DISABLED);
                    }),
                Check.stating(
                    ConditionType.ScopesAllowed,
                    on -> {
                      asked.add("scopes");
                      return Check.Result.pass(
                          ConditionType.ScopesAllowed, ConditionReason.ScopesAllowed, "fit");
                    }))
            .thenActs(ConditionType.SecretReady);

    DecisionChain.Decision off = chain.decide(false);

    assertThat(asked).containsExactly("owner", "enabled");
    assertThat(off.stop()).contains(DISABLED);
    assertThat(off.passed("enabled")).isFalse();
    assertThat(off.passed(ConditionType.OwnerFound)).isTrue();
    assertThat(off.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::message)
        .containsExactly(
            tuple(ConditionType.OwnerFound, "True", "found"),
            tuple(
                ConditionType.ScopesAllowed,
                "Unknown",
                "not checked: the resource stopped earlier (Disabled)"),
            tuple(
                ConditionType.SecretReady,
                "Unknown",
                "not checked: the resource stopped earlier (Disabled)"));

    DecisionChain.Decision on = chain.decide(true);
    assertThat(on.proceeds()).isTrue();
    assertThat(on.conditions())
        .extracting(DesiredCondition::type)
        .containsExactly(ConditionType.OwnerFound, ConditionType.ScopesAllowed);
  }

  @Test
  void theTokenAndApplicationChainsRunInTheDocumentedOrder() {
    assertThat(TokenChecks.CHAIN.checks())
        .extracting(Check::name)
        .containsExactly(
            "spec",
            "OwnerFound",
            "ownerBinding",
            "ScopesAllowed",
            "ownerEnabled",
            "ownerUsername",
            "enabled",
            "expiry",
            "deprecation");
    assertThat(ApplicationChecks.CHAIN.checks())
        .extracting(Check::name)
        .containsExactly("spec", "RolesKnown", "enabled", "expiry", "deprecation");
  }
}
