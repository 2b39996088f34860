package dev.keyward.status;

/** The one-word states of a Keyward resource; conditions carry the details. */
public enum Phase {
  /** Waiting for something that does not exist yet (the owner ApiUser). */
  Pending,
  /** The credential verifies. */
  Active,
  /** Turned off by its spec, or by its owner; the key is kept. */
  Disabled,
  /** Past its expiry. */
  Expired,
  /** Something only a person can fix: scopes beyond the owner's ceiling, a foreign Secret. */
  Invalid
}
