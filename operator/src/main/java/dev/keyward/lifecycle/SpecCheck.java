package dev.keyward.lifecycle;

import dev.keyward.api.CredentialSpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the CRD's schema normally refuses, checked again by the operator: a cluster may run the CRD
 * without its validation rules (older API servers), and bad input must give a condition, never a
 * crashing reconcile.
 */
public final class SpecCheck {

  private SpecCheck() {}

  /** A message naming the first problem, or empty when the spec can be acted on. */
  public static Optional<String> problem(CredentialSpec spec) {
    if (spec.getExpires() != null && spec.getLifetime() != null) {
      return Optional.of("expires and lifetime are mutually exclusive");
    }
    if (spec.getExpires() != null) {
      try {
        OffsetDateTime.parse(spec.getExpires());
      } catch (DateTimeParseException e) {
        return Optional.of("expires is not an RFC 3339 time");
      }
    }
    Optional<Duration> lifetime = duration(spec.getLifetime());
    Optional<Duration> renewBefore = duration(spec.getRenewBefore());
    if (spec.getLifetime() != null && lifetime.isEmpty()) {
      return Optional.of("lifetime is not a duration");
    }
    if (spec.getRenewBefore() != null && renewBefore.isEmpty()) {
      return Optional.of("renewBefore is not a duration");
    }
    if (lifetime.isPresent() && lifetime.get().compareTo(Duration.ofMinutes(1)) < 0) {
      return Optional.of("lifetime must be at least 1m");
    }
    if (renewBefore.isPresent()
        && (lifetime.isEmpty() || renewBefore.get().compareTo(lifetime.get()) >= 0)) {
      return Optional.of("renewBefore must be shorter than lifetime");
    }
    if (spec.getRotation() != null
        && spec.getRotation().getGracePeriod() != null
        && duration(spec.getRotation().getGracePeriod()).isEmpty()) {
      return Optional.of("rotation.gracePeriod is not a duration");
    }
    return Optional.empty();
  }

  private static Optional<Duration> duration(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(GoDuration.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
