package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.api.Rotation;
import dev.keyward.lifecycle.GoDuration;
import dev.keyward.lifecycle.KeySchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyScheduleTest {

  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void goDurationsParseAsCelDoes() {
    assertThat(GoDuration.parse("720h")).isEqualTo(Duration.ofDays(30));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> GoDuration.parse("30d")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoDuration.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absoluteExpiryIsTheSpecsInstantWhateverTheIssueTime() {
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setExpires("2027-01-31T12:00:00+01:00");

    assertThat(KeySchedule.expiryOf(spec, ISSUED)).contains(Instant.parse("2027-01-31T11:00:00Z"));
    assertThat(KeySchedule.renewalOf(spec, ISSUED)).isEmpty();
  }

  @Test
  void rollingKeyExpiresAfterItsLifetimeAndIsRenewedRenewBeforeAhead() {
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setLifetime("720h");
    spec.setRenewBefore("168h");

    assertThat(KeySchedule.expiryOf(spec, ISSUED)).contains(ISSUED.plus(Duration.ofDays(30)));
    assertThat(KeySchedule.renewalOf(spec, ISSUED)).contains(ISSUED.plus(Duration.ofDays(23)));
  }

  @Test
  void renewBeforeDefaultsToAThirdOfTheLifetime() {
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setLifetime("3h");

    assertThat(KeySchedule.renewalOf(spec, ISSUED)).contains(ISSUED.plus(Duration.ofHours(2)));
  }

  @Test
  void keyWithoutExpiryNeverExpires() {
    assertThat(KeySchedule.expiryOf(new ApiTokenSpec(), ISSUED)).isEmpty();
  }

  @Test
  void gracePeriodDefaultsToZero() {
    ApiTokenSpec spec = new ApiTokenSpec();
    assertThat(KeySchedule.gracePeriod(spec)).isZero();
    Rotation rotation = new Rotation();
    rotation.setGracePeriod("10m");
    spec.setRotation(rotation);
    assertThat(KeySchedule.gracePeriod(spec)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void previousKeysLeaveWhenTheirGracePeriodEnds() {
    KeyHash ended = previous("2026-01-01T00:00:10Z");
    KeyHash running = previous("2026-01-01T00:00:30Z");

    List<KeyHash> kept = KeySchedule.stillInGrace(List.of(ended, running), ISSUED.plusSeconds(10));

    assertThat(kept).containsExactly(running);
  }

  @Test
  void nextChangeIsTheEarliestOfExpiryRenewalAndEndOfGrace() {
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setLifetime("1h");
    spec.setRenewBefore("10m");
    ApiTokenStatus status = new ApiTokenStatus();
    KeyHash key = new KeyHash();
    key.setIssuedAt(ISSUED.toString());
    status.setKey(key);
    status.setExpiresAt(ISSUED.plus(Duration.ofHours(1)).toString());
    status.setPreviousKeys(List.of(previous("2026-01-01T00:05:00Z")));

    assertThat(KeySchedule.nextChange(spec, status, ISSUED))
        .contains(Instant.parse("2026-01-01T00:05:00Z"));
    assertThat(KeySchedule.nextChange(spec, status, Instant.parse("2026-01-01T00:06:00Z")))
        .contains(Instant.parse("2026-01-01T00:50:00Z"));
    assertThat(KeySchedule.nextChange(spec, status, Instant.parse("2026-01-01T00:55:00Z")))
        .contains(Instant.parse("2026-01-01T01:00:00Z"));
  }

  private static KeyHash previous(String validUntil) {
    KeyHash hash = new KeyHash();
    hash.setDigest(validUntil);
    hash.setValidUntil(validUntil);
    return hash;
  }
}
