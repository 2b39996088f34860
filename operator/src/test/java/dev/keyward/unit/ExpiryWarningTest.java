package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.lifecycle.ExpiryWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryWarningTest {

  private static final Instant EXPIRY = Instant.parse("2027-01-31T00:00:00Z");
  private final ExpiryWarning warning = ExpiryWarning.defaults();

  @Test
  void noWarningBeforeTheFirstLeadTime() {
    assertThat(warning.reached(EXPIRY, EXPIRY.minus(Duration.ofDays(7)).minusSeconds(1))).isEmpty();
  }

  @Test
  void theWarningStartsExactlyAtEachLeadTimeAndTheShorterOneWins() {
    assertThat(warning.reached(EXPIRY, EXPIRY.minus(Duration.ofDays(7))))
        .contains(Duration.ofDays(7));
    assertThat(warning.reached(EXPIRY, EXPIRY.minus(Duration.ofDays(1)).minusSeconds(1)))
        .contains(Duration.ofDays(7));
    assertThat(warning.reached(EXPIRY, EXPIRY.minus(Duration.ofDays(1))))
        .contains(Duration.ofDays(1));
  }

  @Test
  void noWarningOnceExpired() {
    assertThat(warning.reached(EXPIRY, EXPIRY)).isEmpty();
  }

  @Test
  void theNextWarningIsTheEarliestLeadTimeStillAhead() {
    Instant now = EXPIRY.minus(Duration.ofDays(30));

    assertThat(warning.next(EXPIRY, now)).contains(EXPIRY.minus(Duration.ofDays(7)));
    assertThat(warning.next(EXPIRY, EXPIRY.minus(Duration.ofDays(7))))
        .contains(EXPIRY.minus(Duration.ofDays(1)));
    assertThat(warning.next(EXPIRY, EXPIRY.minus(Duration.ofHours(1)))).isEmpty();
  }

  @Test
  void onlyKeysThatAreNotRenewedAreWarnedAbout() {
    ApiTokenStatus status = new ApiTokenStatus();
    KeyHash key = new KeyHash();
    key.setIssuedAt("2027-01-01T00:00:00Z");
    status.setKey(key);
    status.setExpiresAt(EXPIRY.toString());
    ApiTokenSpec fixed = new ApiTokenSpec();
    fixed.setExpires(EXPIRY.toString());
    ApiTokenSpec rolling = new ApiTokenSpec();
    rolling.setLifetime("720h");
    rolling.setRenewBefore("72h");

    assertThat(ExpiryWarning.warnedExpiry(fixed, status)).contains(EXPIRY);
    assertThat(ExpiryWarning.warnedExpiry(rolling, status)).isEmpty();
  }

  @Test
  void leadTimesAreParsedAsGoDurationsAndMustBePositive() {
    assertThat(ExpiryWarning.parse(List.of("24h", "168h")).leadTimes())
        .containsExactly(Duration.ofDays(7), Duration.ofDays(1));
    assertThat(ExpiryWarning.parse(List.of()).reached(EXPIRY, EXPIRY.minusSeconds(1))).isEmpty();
    assertThatThrownBy(() -> ExpiryWarning.parse(List.of("0s")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ExpiryWarning.describe(Duration.ofDays(7))).isEqualTo("7 days");
    assertThat(ExpiryWarning.describe(Duration.ofSeconds(20))).isEqualTo("20 seconds");
  }
}
