package dev.keyward.status;

/** The one-word states of a Keyward resource; conditions carry the details. */
public enum Phase {
  /** Waiting for something that does not exist yet (the owner ApiUser). */
  Pending,
  /** The credential verifies. */
  Active,
  /**
   * Its current key was deprecated (keyward.dev/deprecate): it verifies for no call, and only a
   * rotation, which issues a new key, makes it Active again.
   */
  Deprecated,
  /** Turned off by its spec, or by its owner; the key is kept. */
  Disabled,
  /** Past its expiry. */
  Expired,
  /** Something only a person can fix: scopes beyond the owner's ceiling, a foreign Secret. */
  Invalid
}
