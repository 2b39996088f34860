package dev.keyward.lifecycle;

import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
import dev.keyward.api.KeyHash;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When a credential's key expires, when it is renewed, and when previous keys leave the record:
 * pure time arithmetic on spec and status, so the reconciler can reschedule for the exact instant.
 */
public final class KeySchedule {

  private KeySchedule() {}

  /** The expiry of a key issued at {@code issuedAt}: absolute, rolling, or none. */
  public static Optional<Instant> expiryOf(CredentialSpec spec, Instant issuedAt) {
    if (spec.getExpires() != null) {
      return Optional.of(OffsetDateTime.parse(spec.getExpires()).toInstant());
    }
    if (spec.getLifetime() != null) {
      return Optional.of(issuedAt.plus(GoDuration.parse(spec.getLifetime())));
    }
    return Optional.empty();
  }

  /** For rolling credentials: when the next key is due. */
  public static Optional<Instant> renewalOf(CredentialSpec spec, Instant issuedAt) {
    if (spec.getLifetime() == null) {
      return Optional.empty();
    }
    Duration lifetime = GoDuration.parse(spec.getLifetime());
    Duration renewBefore =
        spec.getRenewBefore() != null
            ? GoDuration.parse(spec.getRenewBefore())
            : lifetime.dividedBy(3);
    return Optional.of(issuedAt.plus(lifetime).minus(renewBefore));
  }

  public static Duration gracePeriod(CredentialSpec spec) {
    if (spec.getRotation() == null || spec.getRotation().getGracePeriod() == null) {
      return Duration.ZERO;
    }
    return GoDuration.parse(spec.getRotation().getGracePeriod());
  }

  /** Previous keys whose grace period has not ended at {@code now} ({@link KeyValidity}). */
  public static List<KeyHash> stillInGrace(List<KeyHash> previous, Instant now) {
    return previous.stream().filter(k -> KeyValidity.inGrace(k, now)).toList();
  }

  /** The next instant at which something changes for this credential, if any. */
  public static Optional<Instant> nextChange(
      CredentialSpec spec, CredentialStatus status, Instant now) {
    Stream<Instant> expiry =
        Optional.ofNullable(status.getExpiresAt()).map(Instant::parse).stream();
    Stream<Instant> renewal =
        Optional.ofNullable(status.getKey())
            .filter(k -> k.getIssuedAt() != null)
            .flatMap(k -> renewalOf(spec, Instant.parse(k.getIssuedAt())))
            .stream();
    Stream<Instant> graceEnds =
        status.getPreviousKeys().stream()
            .map(KeyHash::getValidUntil)
            .filter(v -> v != null)
            .map(Instant::parse);
    return Stream.of(expiry, renewal, graceEnds)
        .flatMap(s -> s)
        .filter(i -> i.isAfter(now))
        .min(Instant::compareTo);
  }
}
