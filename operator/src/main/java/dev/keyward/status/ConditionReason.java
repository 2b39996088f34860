package dev.keyward.status;

/**
 * The reasons of the conditions of ApiUsers, ApiTokens, Applications and SigningCredentials; the
 * names are the strings users see in {@code status.conditions[].reason}.
 */
public enum ConditionReason {
  // Ready
  Active,
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
  // ApiUser: Ready and UsernameHeld
  UsernameTaken,
  UsernameHeld,
  // ApiUser: PasswordReady (SecretConflict too)
  PasswordReady,
  PasswordIssued,
  PasswordAdopted,
  PasswordSecretUnusable,
  // the other conditions' reasons when they hold
  OwnerFound,
  ScopesAllowed,
  RolesKnown,
  SecretReady,
  RolesBound,
  ExpiringSoon,
  // RolesBound when it does not hold
  NotActive,
  ServiceAccountConflict,
  NamespaceDenied,
  NamespaceNotAllowed,
  GrantMissing,
  ClusterRoleMissing,
  BindForbidden,
  ProjectMissing,
  // SecretDelivered
  SecretDelivered,
  DeliveryGrantMissing,
  DeliveryConflict,
  SourceSecretNotReady,
  DeliveryFailed,
  // SigningCredential: Ready and KeyReady (OwnerReplaced, SecretConflict and Disabled too)
  OwnerMissing,
  Activated,
  KeyInSecret,
  // GracePeriodSufficient
  GraceCoversPropagation,
  GraceShorterThanPropagation,
  /** Status {@code Unknown}: an earlier check stopped the decision before this one was made. */
  NotChecked
}
