package dev.keyward.reconciler;

import dev.keyward.api.Application;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.api.Condition;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.KeyEvents;
import dev.keyward.event.Reason;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.Phase;
import java.util.Objects;

/** Turns an Application's transitions into Events; messages carry hints, never secrets. */
final class ApplicationEvents {

  private final EventRecorder events;

  ApplicationEvents(EventRecorder events) {
    this.events = events;
  }

  void previousKeyRetired(Application app) {
    events.record(
        app,
        Reason.PreviousKeyRetired,
        "a previous app secret's grace period ended; it can no longer be exchanged");
  }

  void expiringSoon(Application app, String message) {
    events.record(app, Reason.ExpiringSoon, message);
  }

  void record(
      Application app,
      ApplicationStatus before,
      ApplicationStatus after,
      Phase phase,
      String reason,
      String message,
      Outcome outcome) {
    KeyEvents.record(events, app, after, outcome, "app secret");
    if (!Objects.equals(before.getPhase(), after.getPhase())
        || !Objects.equals(reasonOf(before, "Ready"), reason)) {
      switch (phase) {
        case Active -> events.record(app, Reason.Activated, "application is active");
        case Disabled -> events.record(app, Reason.Disabled, message);
        case Expired -> events.record(app, Reason.Expired, message);
        case Deprecated -> events.record(app, Reason.Deprecated, message);
        case Pending -> {}
        case Invalid ->
            events.record(
                app,
                switch (reason) {
                  case "SecretConflict" -> Reason.SecretConflict;
                  case "InvalidSpec" -> Reason.InvalidSpec;
                  default -> Reason.UnknownRoles;
                },
                message);
      }
    }
    Condition bound = ConditionSet.find(after, "RolesBound").orElse(null);
    Condition was = ConditionSet.find(before, "RolesBound").orElse(null);
    if (bound == null || (was != null && was.sameStateAs(bound))) {
      return;
    }
    switch (bound.getReason()) {
      case "BindForbidden",
          "ProjectMissing",
          "ServiceAccountConflict",
          "RolesBound",
          "NamespaceDenied",
          "NamespaceNotAllowed",
          "GrantMissing",
          "ClusterRoleMissing" ->
          events.record(app, Reason.valueOf(bound.getReason()), bound.getMessage());
      default -> {}
    }
  }

  private static String reasonOf(ApplicationStatus status, String type) {
    return ConditionSet.find(status, type).map(Condition::getReason).orElse(null);
  }
}
