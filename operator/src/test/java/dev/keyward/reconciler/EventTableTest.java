package dev.keyward.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.event.Reason;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.Phase;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventTableTest {

  private static EventTable.Event ready(Phase phase, ConditionReason reason) {
    return EventTable.forReady(new Verdict(phase, reason, "why"), "token is active").orElseThrow();
  }

  @Test
  void eachReadyReasonHasItsOwnEventAndType() {
    assertThat(ready(Phase.Active, ConditionReason.Active))
        .isEqualTo(new EventTable.Event(Reason.Activated, "token is active"));
    assertThat(ready(Phase.Pending, ConditionReason.OwnerNotFound).reason())
        .isEqualTo(Reason.OwnerMissing);
    assertThat(ready(Phase.Disabled, ConditionReason.OwnerNotFound).reason())
        .isEqualTo(Reason.Disabled);
    assertThat(ready(Phase.Disabled, ConditionReason.OwnerDisabled).reason())
        .isEqualTo(Reason.Disabled);
    assertThat(ready(Phase.Disabled, ConditionReason.OwnerUsernameTaken).reason())
        .isEqualTo(Reason.Disabled);
    assertThat(ready(Phase.Disabled, ConditionReason.Disabled))
        .isEqualTo(new EventTable.Event(Reason.Disabled, "why"));
    assertThat(ready(Phase.Expired, ConditionReason.Expired).reason()).isEqualTo(Reason.Expired);
    assertThat(ready(Phase.Expired, ConditionReason.ExpiryInPast).reason())
        .isEqualTo(Reason.Expired);
    assertThat(ready(Phase.Invalid, ConditionReason.InvalidSpec).reason())
        .isEqualTo(Reason.InvalidSpec);
    assertThat(ready(Phase.Invalid, ConditionReason.OwnerReplaced).reason())
        .isEqualTo(Reason.OwnerReplaced);
    assertThat(ready(Phase.Invalid, ConditionReason.ScopesNotAllowed).reason())
        .isEqualTo(Reason.ScopesNotAllowed);
    assertThat(ready(Phase.Invalid, ConditionReason.SecretConflict).reason())
        .isEqualTo(Reason.SecretConflict);
    assertThat(ready(Phase.Invalid, ConditionReason.UnknownRoles).reason())
        .isEqualTo(Reason.UnknownRoles);
    assertThat(ready(Phase.Invalid, ConditionReason.UnknownRoles).reason().warning()).isTrue();
    assertThat(ready(Phase.Active, ConditionReason.Active).reason().warning()).isFalse();
  }

  @Test
  void aReasonOfAnotherConditionIsRefusedNotMappedToSomeEvent() {
    Set<ConditionReason> ready =
        EnumSet.of(
            ConditionReason.Active,
            ConditionReason.InvalidSpec,
            ConditionReason.OwnerNotFound,
            ConditionReason.OwnerReplaced,
            ConditionReason.ScopesNotAllowed,
            ConditionReason.OwnerDisabled,
            ConditionReason.OwnerUsernameTaken,
            ConditionReason.Disabled,
            ConditionReason.ExpiryInPast,
            ConditionReason.Expired,
            ConditionReason.SecretConflict,
            ConditionReason.UnknownRoles,
            ConditionReason.Deprecated,
            ConditionReason.ReconcileError);
    for (ConditionReason reason : EnumSet.complementOf(EnumSet.copyOf(ready))) {
      assertThatThrownBy(
              () -> EventTable.forReady(new Verdict(Phase.Invalid, reason, "m"), "active"))
          .as(reason.name())
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> EventTable.forRolesBound(ConditionReason.ScopesNotAllowed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            EventTable.forReady(new Verdict(Phase.Active, ConditionReason.ReconcileError, "m"), ""))
        .isEmpty();
  }
}
