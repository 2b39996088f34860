package dev.keyward.status;

/** The condition types Keyward reports; the names are the strings the README documents. */
public enum ConditionType {
  /** The one-line summary: True only when the resource is Active. */
  Ready,
  /** ApiToken: the owning ApiUser exists in the namespace. */
  OwnerFound,
  /** ApiToken: every scope lies within the owner's roles and groups. */
  ScopesAllowed,
  /** Application: every role is in the role map. */
  RolesKnown,
  /** ApiToken, Application: the key is in a Secret Keyward manages. */
  SecretReady,
  /** Application: the roles are bound in every project allowed. */
  RolesBound,
  /** ApiToken, Application: a non-rolling key is close to its expiry. */
  ExpiringSoon,
  /** ApiToken, Application: copies of the Secret are in every namespace that asked and consents. */
  SecretDelivered,
  /** ApiToken, Application: a rotation's grace period outlasts the kubelet's Secret propagation. */
  GracePeriodSufficient,
  /** SigningCredential: the signing key is in the credential's Secret. */
  KeyReady,
  /** ApiUser: the username is unique in the namespace and held by this user. */
  UsernameHeld,
  /** ApiUser: the password Secret and its record are in place. */
  PasswordReady
}
