package dev.keyward.reconciler;

import dev.keyward.api.Condition;
import dev.keyward.api.CredentialStatus;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.KeyEvents;
import dev.keyward.event.Reason;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.ExpiringSoonCondition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a credential's pass (ApiToken or Application) into Events, through {@link EventTable};
 * messages carry hints, never secrets.
 */
final class CredentialEvents {

  private final EventRecorder events;
  private final String noun;
  private final String activeMessage;
  private final String retiredMessage;

  /**
   * {@code noun} names the credential ("key", "app secret"); the messages are those of {@code
   * Activated} and {@code PreviousKeyRetired}.
   */
  CredentialEvents(EventRecorder events, String noun, String activeMessage, String retiredMessage) {
    this.events = events;
    this.noun = noun;
    this.activeMessage = activeMessage;
    this.retiredMessage = retiredMessage;
  }

  /** A previous key's grace period ended: it no longer verifies. */
  void previousKeyRetired(HasMetadata resource) {
    events.record(resource, Reason.PreviousKeyRetired, retiredMessage);
  }

  /**
   * The Events of one pass, comparing the status written with the status {@code before}: one per
   * transition. A pass that gives a credential its first key and makes it active records one {@code
   * KeyIssued} (or {@code KeyAdopted}) whose message says so, not a second {@code Activated}.
   */
  void record(
      HasMetadata resource,
      CredentialStatus before,
      CredentialStatus after,
      Acted acted,
      Optional<DesiredCondition> expiringSoon) {
    ExpiringSoonCondition.newWarning(before, expiringSoon)
        .ifPresent(message -> events.record(resource, Reason.ExpiringSoon, message));
    Optional<EventTable.Event> ready = readyEvent(before, after, acted);
    boolean activatedByKey =
        KeyEvents.firstKey(acted.keyOutcome())
            && ready.map(e -> e.reason() == Reason.Activated).orElse(false);
    KeyEvents.record(
        events,
        resource,
        after,
        acted.keyOutcome(),
        noun,
        activatedByKey ? ready.get().message() : "");
    if (!activatedByKey) {
      ready.ifPresent(e -> events.record(resource, e.reason(), e.message()));
    }
  }

  /** The Event of a new phase or {@code Ready} reason, if the pass changed either. */
  private Optional<EventTable.Event> readyEvent(
      CredentialStatus before, CredentialStatus after, Acted acted) {
    String readyBefore =
        ConditionSet.find(before, ConditionType.Ready).map(Condition::getReason).orElse(null);
    if (Objects.equals(before.getPhase(), after.getPhase())
        && Objects.equals(readyBefore, acted.verdict().reason().name())) {
      return Optional.empty();
    }
    return EventTable.forReady(acted.verdict(), activeMessage);
  }

  /** The Event of a new state of {@code RolesBound}, if it has one. */
  void rolesBound(HasMetadata resource, CredentialStatus before, CredentialStatus after) {
    Optional<Condition> bound = ConditionSet.find(after, ConditionType.RolesBound);
    Optional<Condition> was = ConditionSet.find(before, ConditionType.RolesBound);
    if (bound.isEmpty() || (was.isPresent() && was.get().sameStateAs(bound.get()))) {
      return;
    }
    EventTable.forRolesBound(ConditionReason.valueOf(bound.get().getReason()))
        .ifPresent(reason -> events.record(resource, reason, bound.get().getMessage()));
  }
}
