package dev.keyward.lifecycle;

import dev.keyward.api.CredentialStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.credential.KeyHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * The one rule for "is this key valid now", used by the reconcilers (which keys stay in the
 * record), by token verification and by the app-secret exchange: the current key verifies until the
 * credential's {@code expiresAt} (if any); a previous key until the end of its own grace period
 * ({@code validUntil}), which is its expiry. Whoever answers for a key answers with that key's own
 * issue and expiry instants.
 */
public final class KeyValidity {

  private KeyValidity() {}

  /**
   * A key that verifies now.
   *
   * @param record the key's record in the status
   * @param issuedAt when it was issued, if recorded
   * @param expiresAt when it stops verifying, if ever: the credential's expiry for the current key,
   *     the end of the grace period for a previous one
   * @param current true for the current key, false for a previous key in its grace period
   */
  public record ValidKey(KeyHash record, Instant issuedAt, Instant expiresAt, boolean current) {}

  /** The key with this digest, when it verifies at {@code now}. */
  public static Optional<ValidKey> of(CredentialStatus status, String digest, Instant now) {
    KeyHash current = status.getKey();
    if (current != null && sameDigest(current, digest)) {
      Instant expiresAt = instant(status.getExpiresAt());
      return expiresAt == null || now.isBefore(expiresAt)
          ? Optional.of(new ValidKey(current, instant(current.getIssuedAt()), expiresAt, true))
          : Optional.empty();
    }
    return status.getPreviousKeys().stream()
        .filter(previous -> sameDigest(previous, digest) && inGrace(previous, now))
        .findFirst()
        .map(
            previous ->
                new ValidKey(
                    previous,
                    instant(previous.getIssuedAt()),
                    instant(previous.getValidUntil()),
                    false));
  }

  /** True while a previous key's grace period has not ended; a key without one never verifies. */
  public static boolean inGrace(KeyHash previous, Instant now) {
    return previous.getValidUntil() != null
        && now.isBefore(ParsedInstants.parse(previous.getValidUntil()));
  }

  /** Compares in constant time, so the time taken tells nothing about the recorded digest. */
  public static boolean sameDigest(KeyHash record, String digest) {
    return KeyHasher.ALGORITHM.equals(record.getAlgorithm())
        && record.getDigest() != null
        && digest != null
        && MessageDigest.isEqual(
            record.getDigest().getBytes(StandardCharsets.US_ASCII),
            digest.getBytes(StandardCharsets.US_ASCII));
  }

  private static Instant instant(String text) {
    return text == null ? null : ParsedInstants.parse(text);
  }
}
