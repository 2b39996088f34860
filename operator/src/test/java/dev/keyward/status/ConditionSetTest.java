package dev.keyward.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionSetTest {

  private static final Instant EARLIER = Instant.parse("2026-06-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static ApiTokenStatus written(Instant at, List<DesiredCondition> conditions) {
    ApiTokenStatus status = new ApiTokenStatus();
    new ConditionSet(Clock.fixed(at, ZoneOffset.UTC)).rebuild(status, 1, Phase.Active, conditions);
    return status;
  }

  private static Condition find(ApiTokenStatus status, ConditionType type) {
    return ConditionSet.find(status, type).orElseThrow();
  }

  @Test
  void everyPassReplacesTheWholeSetSoNoConditionOutlivesItsCheck() {
    ApiTokenStatus status =
        written(
            EARLIER,
            List.of(
                DesiredCondition.holds(ConditionType.OwnerFound, ConditionReason.OwnerFound, "a"),
                DesiredCondition.holds(
                    ConditionType.ExpiringSoon, ConditionReason.ExpiringSoon, "soon")));

    new ConditionSet(Clock.fixed(NOW, ZoneOffset.UTC))
        .rebuild(
            status,
            2,
            Phase.Disabled,
            List.of(
                DesiredCondition.fails(
                    ConditionType.OwnerFound, ConditionReason.OwnerNotFound, "gone"),
                DesiredCondition.notChecked(
                    ConditionType.ScopesAllowed, ConditionReason.OwnerNotFound)));

    assertThat(status.getConditions())
        .extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("OwnerFound", "False"),
            org.assertj.core.groups.Tuple.tuple("ScopesAllowed", "Unknown"));
    assertThat(status.getPhase()).isEqualTo("Disabled");
    assertThat(status.getObservedGeneration()).isEqualTo(2);
    assertThat(status.getConditions()).allMatch(c -> c.getObservedGeneration() == 2);
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
    ApiTokenStatus status =
        written(
            EARLIER,
            List.of(
                DesiredCondition.holds(ConditionType.Ready, ConditionReason.Active, "verifies"),
                DesiredCondition.holds(
                    ConditionType.SecretReady, ConditionReason.SecretReady, "in Secret a")));

    new ConditionSet(Clock.fixed(NOW, ZoneOffset.UTC))
        .rebuild(
            status,
            1,
            Phase.Invalid,
            List.of(
                DesiredCondition.fails(ConditionType.Ready, ConditionReason.SecretConflict, "x"),
                DesiredCondition.holds(
                    ConditionType.SecretReady, ConditionReason.SecretReady, "in Secret b")));

    assertThat(find(status, ConditionType.Ready).getLastTransitionTime()).isEqualTo(NOW.toString());
    assertThat(find(status, ConditionType.SecretReady).getLastTransitionTime())
        .as("same status, new message")
        .isEqualTo(EARLIER.toString());
    assertThat(find(status, ConditionType.SecretReady).getMessage()).isEqualTo("in Secret b");
  }

  @Test
  void anExpiryWarningIsNewWhenItAppearsOrItsLeadTimeShortens() {
    ApiTokenStatus status =
        written(
            EARLIER,
            List.of(
                DesiredCondition.holds(
                    ConditionType.ExpiringSoon, ConditionReason.ExpiringSoon, "within 7 days")));
    Optional<DesiredCondition> same =
        Optional.of(
            DesiredCondition.holds(
                ConditionType.ExpiringSoon, ConditionReason.ExpiringSoon, "within 7 days"));
    Optional<DesiredCondition> shorter =
        Optional.of(
            DesiredCondition.holds(
                ConditionType.ExpiringSoon, ConditionReason.ExpiringSoon, "within 1 day"));

    assertThat(ExpiringSoonCondition.newWarning(status, same)).isEmpty();
    assertThat(ExpiringSoonCondition.newWarning(status, shorter)).contains("within 1 day");
    assertThat(ExpiringSoonCondition.newWarning(new ApiTokenStatus(), same))
        .contains("within 7 days");
    assertThat(ExpiringSoonCondition.newWarning(status, Optional.empty())).isEmpty();
  }
}
