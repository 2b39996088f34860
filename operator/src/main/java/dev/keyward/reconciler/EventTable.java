package dev.keyward.reconciler;

import dev.keyward.event.Reason;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.Phase;
import java.util.Optional;

/**
 * The one table from a condition reason to the Event a transition to it records. The Event's reason
 * says whether it is a Warning ({@link Reason#warning()}). Every reason is listed in each switch: a
 * reason added to {@link ConditionReason} does not compile here until it is given its Event (or
 * none), and a reason of another condition is refused, never mapped to some Event.
 */
final class EventTable {

  private EventTable() {}

  /** An Event to record: its reason (and so its type) and message. */
  record Event(Reason reason, String message) {}

  /**
   * The Event for a new {@code Ready} verdict; {@code activeMessage} is the message of {@code
   * Activated} ("token is active"), the verdict's own message otherwise.
   */
  static Optional<Event> forReady(Verdict verdict, String activeMessage) {
    return readyReason(verdict).map(reason -> new Event(reason, message(verdict, activeMessage)));
  }

  private static String message(Verdict verdict, String activeMessage) {
    return verdict.reason() == ConditionReason.Active ? activeMessage : verdict.message();
  }

  private static Optional<Reason> readyReason(Verdict verdict) {
    return Optional.ofNullable(
        switch (verdict.reason()) {
          case Active -> Reason.Activated;
          case OwnerNotFound ->
              verdict.phase() == Phase.Pending ? Reason.OwnerMissing : Reason.Disabled;
          case OwnerDisabled, OwnerUsernameTaken, Disabled -> Reason.Disabled;
          case Expired, ExpiryInPast -> Reason.Expired;
          case InvalidSpec -> Reason.InvalidSpec;
          case OwnerReplaced -> Reason.OwnerReplaced;
          case ScopesNotAllowed -> Reason.ScopesNotAllowed;
          case SecretConflict -> Reason.SecretConflict;
          case UnknownRoles -> Reason.UnknownRoles;
          case Deprecated -> Reason.Deprecated;
          // The retry after a reconcile error reports itself; it is no transition.
          case ReconcileError -> null;
          case OwnerFound,
              UsernameTaken,
              UsernameHeld,
              PasswordReady,
              PasswordIssued,
              PasswordAdopted,
              PasswordSecretUnusable,
              ScopesAllowed,
              RolesKnown,
              SecretReady,
              RolesBound,
              ExpiringSoon,
              NotActive,
              ServiceAccountConflict,
              NamespaceDenied,
              NamespaceNotAllowed,
              GrantMissing,
              ClusterRoleMissing,
              BindForbidden,
              ProjectMissing,
              SecretDelivered,
              DeliveryGrantMissing,
              DeliveryConflict,
              SourceSecretNotReady,
              DeliveryFailed,
              OwnerMissing,
              Activated,
              KeyInSecret,
              GraceCoversPropagation,
              GraceShorterThanPropagation,
              NotChecked ->
              throw new IllegalArgumentException(verdict.reason() + " is not a Ready reason");
        });
  }

  /**
   * The Event for a new phase of an ApiUser, with the verdict's message. A password that cannot be
   * kept (a foreign Secret included) is {@code PasswordInvalid} here.
   */
  static Optional<Event> forUserReady(Verdict verdict) {
    Reason reason =
        switch (verdict.reason()) {
          case Active -> Reason.Activated;
          case Disabled -> Reason.Disabled;
          case UsernameTaken -> Reason.UsernameTaken;
          case SecretConflict, PasswordSecretUnusable -> Reason.PasswordInvalid;
          case ReconcileError -> null;
          default ->
              throw new IllegalArgumentException(
                  verdict.reason() + " is not a Ready reason of an ApiUser");
        };
    return Optional.ofNullable(reason).map(r -> new Event(r, verdict.message()));
  }

  /**
   * The Event for a new phase of a SigningCredential, with the verdict's message: its Ready reasons
   * are the names of their Events.
   */
  static Optional<Event> forSigningReady(Verdict verdict) {
    Reason reason =
        switch (verdict.reason()) {
          case Activated -> Reason.Activated;
          case OwnerMissing -> Reason.OwnerMissing;
          case OwnerReplaced -> Reason.OwnerReplaced;
          case SecretConflict -> Reason.SecretConflict;
          case Disabled -> Reason.Disabled;
          case ReconcileError -> null;
          case Active,
              InvalidSpec,
              OwnerNotFound,
              ScopesNotAllowed,
              OwnerDisabled,
              OwnerUsernameTaken,
              ExpiryInPast,
              Expired,
              UnknownRoles,
              Deprecated,
              UsernameTaken,
              UsernameHeld,
              PasswordReady,
              PasswordIssued,
              PasswordAdopted,
              PasswordSecretUnusable,
              OwnerFound,
              ScopesAllowed,
              RolesKnown,
              SecretReady,
              RolesBound,
              ExpiringSoon,
              NotActive,
              ServiceAccountConflict,
              NamespaceDenied,
              NamespaceNotAllowed,
              GrantMissing,
              ClusterRoleMissing,
              BindForbidden,
              ProjectMissing,
              SecretDelivered,
              DeliveryGrantMissing,
              DeliveryConflict,
              SourceSecretNotReady,
              DeliveryFailed,
              KeyInSecret,
              GraceCoversPropagation,
              GraceShorterThanPropagation,
              NotChecked ->
              throw new IllegalArgumentException(
                  verdict.reason() + " is not a Ready reason of a SigningCredential");
        };
    return Optional.ofNullable(reason).map(r -> new Event(r, verdict.message()));
  }

  /** The Event for a new state of {@code RolesBound}; none while the Application is not active. */
  static Optional<Reason> forRolesBound(ConditionReason reason) {
    return Optional.ofNullable(
        switch (reason) {
          case RolesBound -> Reason.RolesBound;
          case ServiceAccountConflict -> Reason.ServiceAccountConflict;
          case NamespaceDenied -> Reason.NamespaceDenied;
          case NamespaceNotAllowed -> Reason.NamespaceNotAllowed;
          case GrantMissing -> Reason.GrantMissing;
          case ClusterRoleMissing -> Reason.ClusterRoleMissing;
          case BindForbidden -> Reason.BindForbidden;
          case ProjectMissing -> Reason.ProjectMissing;
          case NotActive -> null;
          case Active,
              InvalidSpec,
              OwnerNotFound,
              OwnerReplaced,
              ScopesNotAllowed,
              OwnerDisabled,
              OwnerUsernameTaken,
              Disabled,
              ExpiryInPast,
              Expired,
              SecretConflict,
              UnknownRoles,
              Deprecated,
              ReconcileError,
              UsernameTaken,
              UsernameHeld,
              PasswordReady,
              PasswordIssued,
              PasswordAdopted,
              PasswordSecretUnusable,
              OwnerFound,
              ScopesAllowed,
              RolesKnown,
              SecretReady,
              ExpiringSoon,
              SecretDelivered,
              DeliveryGrantMissing,
              DeliveryConflict,
              SourceSecretNotReady,
              DeliveryFailed,
              OwnerMissing,
              Activated,
              KeyInSecret,
              GraceCoversPropagation,
              GraceShorterThanPropagation,
              NotChecked ->
              throw new IllegalArgumentException(reason + " is not a RolesBound reason");
        });
  }
}
