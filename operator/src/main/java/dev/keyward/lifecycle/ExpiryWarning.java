package dev.keyward.lifecycle;

import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When to warn before a key that does not renew itself expires: at each lead time before its expiry
 * (default 7 days and 1 day). Rolling keys ({@code spec.lifetime}) are renewed before they expire
 * and are never warned about.
 */
public record ExpiryWarning(List<Duration> leadTimes) {

  public static final List<String> DEFAULT_LEAD_TIMES = List.of("168h", "24h");

  public ExpiryWarning {
    for (Duration lead : leadTimes) {
      if (lead.isNegative() || lead.isZero()) {
        throw new IllegalArgumentException("a warning lead time must be positive: " + lead);
      }
    }
    leadTimes = leadTimes.stream().sorted(Comparator.reverseOrder()).distinct().toList();
  }

  public static ExpiryWarning defaults() {
    return parse(DEFAULT_LEAD_TIMES);
  }

  /** Lead times in Go syntax ({@code 168h}, {@code 24h}); an empty list turns warnings off. */
  public static ExpiryWarning parse(List<String> leadTimes) {
    return new ExpiryWarning(leadTimes.stream().map(GoDuration::parse).toList());
  }

  /** The expiry to warn about: that of a key that will not be renewed before it. */
  public static Optional<Instant> warnedExpiry(CredentialSpec spec, CredentialStatus status) {
    if (status.getExpiresAt() == null || status.getKey() == null) {
      return Optional.empty();
    }
    boolean renews =
        Optional.ofNullable(status.getKey().getIssuedAt())
            .flatMap(issued -> KeySchedule.renewalOf(spec, Instant.parse(issued)))
            .isPresent();
    return renews ? Optional.empty() : Optional.of(Instant.parse(status.getExpiresAt()));
  }

  /** The shortest lead time already reached at {@code now}, while the key has not expired yet. */
  public Optional<Duration> reached(Instant expiresAt, Instant now) {
    if (!now.isBefore(expiresAt)) {
      return Optional.empty();
    }
    return leadTimes.stream()
        .filter(lead -> !now.isBefore(expiresAt.minus(lead)))
        .min(Comparator.naturalOrder());
  }

  /** The next instant at which a warning is due, if one is still ahead. */
  public Optional<Instant> next(Instant expiresAt, Instant now) {
    return leadTimes.stream()
        .map(expiresAt::minus)
        .filter(at -> at.isAfter(now) && at.isBefore(expiresAt))
        .min(Comparator.naturalOrder());
  }

  /** A lead time in words: {@code 7 days}, {@code 1 day}, {@code 2h30m0s} otherwise. */
  public static String describe(Duration lead) {
    if (lead.toSeconds() % 86_400 == 0) {
      long days = lead.toDays();
      return days + (days == 1 ? " day" : " days");
    }
    if (lead.toSeconds() % 3_600 == 0) {
      long hours = lead.toHours();
      return hours + (hours == 1 ? " hour" : " hours");
    }
    if (lead.toSeconds() % 60 == 0) {
      long minutes = lead.toMinutes();
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return lead.toSeconds() + " seconds";
  }
}
