package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.lifecycle.Deprecation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deprecation as a state of the current key's record, ended only by a new key. */
class DeprecationTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private static ApiToken token(String... annotations) {
    ApiToken token = new ApiToken();
    token.getMetadata().setAnnotations(new HashMap<>());
    for (int i = 0; i < annotations.length; i += 2) {
      token.getMetadata().getAnnotations().put(annotations[i], annotations[i + 1]);
    }
    return token;
  }

  private static ApiTokenStatus withKey(String digest) {
    ApiTokenStatus status = new ApiTokenStatus();
    KeyHash key = new KeyHash();
    key.setDigest(digest);
    status.setKey(key);
    return status;
  }

  @Test
  void aNewDeprecateValueDeprecatesTheCurrentKeyOnce() {
    ApiTokenStatus status = withKey("a");

    assertThat(Deprecation.holds(token("keyward.dev/deprecate", "1"), status, NOW)).isTrue();

    assertThat(status.getKey().getDeprecatedAt()).isEqualTo(NOW.toString());
    assertThat(status.getLastDeprecationRequest()).isEqualTo("1");
    // The same value later changes nothing, not even the instant.
    assertThat(Deprecation.holds(token("keyward.dev/deprecate", "1"), status, NOW.plusSeconds(60)))
        .isTrue();
    assertThat(status.getKey().getDeprecatedAt()).isEqualTo(NOW.toString());
  }

  @Test
  void withoutARequestNothingIsDeprecated() {
    ApiTokenStatus status = withKey("a");
    assertThat(Deprecation.holds(token(), status, NOW)).isFalse();
    assertThat(status.getKey().getDeprecatedAt()).isNull();
  }

  @Test
  void removingTheAnnotationDoesNotUndeprecate() {
    ApiTokenStatus status = withKey("a");
    Deprecation.holds(token("keyward.dev/deprecate", "1"), status, NOW);
    assertThat(Deprecation.holds(token(), status, NOW)).isTrue();
  }

  @Test
  void aPendingRotationOrRevocationLetsTheKeyKeeperReplaceTheKey() {
    ApiTokenStatus status = withKey("a");
    Deprecation.holds(token("keyward.dev/deprecate", "1"), status, NOW);
    status.setLastRotationRequest("r1");

    assertThat(
            Deprecation.holds(
                token("keyward.dev/deprecate", "1", "keyward.dev/rotate", "r1"), status, NOW))
        .as("a rotation already acted on")
        .isTrue();
    assertThat(
            Deprecation.holds(
                token("keyward.dev/deprecate", "1", "keyward.dev/rotate", "r2"), status, NOW))
        .isFalse();
    assertThat(
            Deprecation.holds(
                token("keyward.dev/deprecate", "1", "keyward.dev/revoke", "x"), status, NOW))
        .isFalse();
  }

  @Test
  void aNewKeyEndsTheDeprecationAndNoEarlierKeyKeepsAGracePeriod() {
    ApiTokenStatus status = withKey("a");
    Deprecation.holds(token("keyward.dev/deprecate", "1"), status, NOW);
    boolean wasDeprecated = Deprecation.isDeprecated(status);
    // What the key keeper does on rotation: a new record, the old one retired with grace.
    KeyHash retired = new KeyHash();
    retired.setDigest("a");
    retired.setValidUntil(NOW.plusSeconds(3600).toString());
    status.setPreviousKeys(new ArrayList<>(List.of(retired)));
    KeyHash fresh = new KeyHash();
    fresh.setDigest("b");
    status.setKey(fresh);

    Deprecation.afterNewKey(wasDeprecated, status);

    assertThat(Deprecation.isDeprecated(status)).isFalse();
    assertThat(status.getPreviousKeys()).isEmpty();
  }

  @Test
  void aRotationOfAKeyThatWasNotDeprecatedKeepsItsGrace() {
    ApiTokenStatus status = withKey("b");
    KeyHash retired = new KeyHash();
    retired.setDigest("a");
    status.setPreviousKeys(new ArrayList<>(List.of(retired)));
    Deprecation.afterNewKey(false, status);
    assertThat(status.getPreviousKeys()).hasSize(1);
  }

  @Test
  void aRequestBeforeAnyKeyIsAcknowledgedAndDeprecatesNothing() {
    ApiTokenStatus status = new ApiTokenStatus();
    assertThat(Deprecation.holds(token("keyward.dev/deprecate", "1"), status, NOW)).isFalse();
    assertThat(status.getLastDeprecationRequest()).isEqualTo("1");
  }

  @Test
  void theMessageSaysHowToComeBackAndNothingOfTheKey() {
    ApiTokenStatus status = withKey("secretdigest");
    Deprecation.holds(token("keyward.dev/deprecate", "1"), status, NOW);
    assertThat(Deprecation.message("the key", status))
        .contains("deprecated at " + NOW)
        .contains("keyward.dev/rotate")
        .doesNotContain("secretdigest");
  }
}
