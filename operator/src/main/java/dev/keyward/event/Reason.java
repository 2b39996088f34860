package dev.keyward.event;

/** Reasons of the Events Keyward records; a warning marks something a person should look at. */
public enum Reason {
  KeyIssued(false),
  KeyAdopted(false),
  KeyRotated(false),
  KeyRevoked(false),
  KeyReissued(true),
  PreviousKeyRetired(false),
  Activated(false),
  Disabled(false),
  Expired(false),
  ExpiringSoon(true),
  OwnerMissing(true),
  ScopesNotAllowed(true),
  SecretConflict(true),
  PasswordIssued(false),
  PasswordInvalid(true),
  UsernameTaken(true),
  OwnerReplaced(true),
  InvalidSpec(true),
  UnknownRoles(true),
  ProjectMissing(true),
  BindForbidden(true),
  NamespaceDenied(true),
  NamespaceNotAllowed(true),
  GrantMissing(true),
  ClusterRoleMissing(true),
  RolesBound(false),
  ServiceAccountConflict(true),
  Deprecated(true),
  SecretDelivered(false),
  DeliveryGrantMissing(true),
  DeliveryConflict(true),
  SourceSecretNotReady(true),
  DeliveryFailed(true),
  RestartedForNewKey(false),
  WorkloadRestarted(false),
  WorkloadRestartFailed(true),
  GraceShorterThanPropagation(true);

  private final boolean warning;

  Reason(boolean warning) {
    this.warning = warning;
  }

  public boolean warning() {
    return warning;
  }
}
