package dev.keyward.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.credential.KeyHasher;
import dev.keyward.lifecycle.KeyValidity.ValidKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyValidityTest {

  private static final Instant ISSUED_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant ROTATED = Instant.parse("2026-01-10T00:00:00Z");
  private static final Instant GRACE_ENDS = ROTATED.plus(Duration.ofHours(1));
  private static final Instant EXPIRES = ROTATED.plus(Duration.ofDays(30));
  private static final String OLD = "kwt_old";
  private static final String NEW = "kwt_new";

  /** A rotated token: the new key expires in 30 days, the old one is in a one-hour grace. */
  private static ApiTokenStatus rotated() {
    ApiTokenStatus status = new ApiTokenStatus();
    status.setKey(KeyHasher.record(NEW, ROTATED.toString()));
    status.setExpiresAt(EXPIRES.toString());
    KeyHash previous = KeyHasher.record(OLD, ISSUED_BEFORE.toString());
    previous.setValidUntil(GRACE_ENDS.toString());
    status.setPreviousKeys(List.of(previous));
    return status;
  }

  private static Optional<ValidKey> valid(ApiTokenStatus status, String key, Instant now) {
    return KeyValidity.of(status, KeyHasher.digest(key), now);
  }

  @Test
  void aKeyInGraceAnswersWithItsOwnIssueTimeAndTheEndOfItsGraceAsExpiry() {
    ValidKey old = valid(rotated(), OLD, ROTATED.plusSeconds(60)).orElseThrow();

    assertThat(old.current()).isFalse();
    assertThat(old.issuedAt()).isEqualTo(ISSUED_BEFORE);
    assertThat(old.expiresAt()).as("not the current key's expiry").isEqualTo(GRACE_ENDS);
  }

  @Test
  void theCurrentKeyAnswersWithItsIssueTimeAndTheCredentialsExpiry() {
    ValidKey current = valid(rotated(), NEW, ROTATED.plusSeconds(60)).orElseThrow();

    assertThat(current.current()).isTrue();
    assertThat(current.issuedAt()).isEqualTo(ROTATED);
    assertThat(current.expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void aKeyInGraceStopsAtTheEndOfItsGraceAsTheReconcilerDropsIt() {
    ApiTokenStatus status = rotated();

    assertThat(valid(status, OLD, GRACE_ENDS.minusMillis(1))).isPresent();
    assertThat(valid(status, OLD, GRACE_ENDS)).isEmpty();
    assertThat(KeySchedule.stillInGrace(status.getPreviousKeys(), GRACE_ENDS.minusMillis(1)))
        .hasSize(1);
    assertThat(KeySchedule.stillInGrace(status.getPreviousKeys(), GRACE_ENDS)).isEmpty();
  }

  @Test
  void theCurrentKeyStopsAtTheCredentialsExpiryAndWithoutOneNeverStops() {
    ApiTokenStatus status = rotated();
    assertThat(valid(status, NEW, EXPIRES.minusMillis(1))).isPresent();
    assertThat(valid(status, NEW, EXPIRES)).isEmpty();

    status.setExpiresAt(null);
    assertThat(valid(status, NEW, EXPIRES.plus(Duration.ofDays(3650))))
        .get()
        .extracting(ValidKey::expiresAt)
        .isNull();
  }

  @Test
  void aPreviousKeyWithoutAGracePeriodAnUnknownKeyAndAnotherAlgorithmNeverVerify() {
    ApiTokenStatus status = rotated();
    status.getPreviousKeys().get(0).setValidUntil(null);
    assertThat(valid(status, OLD, ROTATED)).isEmpty();
    assertThat(valid(status, "kwt_unknown", ROTATED)).isEmpty();

    status.getKey().setAlgorithm("md5");
    assertThat(valid(status, NEW, ROTATED)).isEmpty();
  }
}
