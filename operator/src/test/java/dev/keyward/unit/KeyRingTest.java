package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.KeyRing;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private static final Duration ROTATION = Duration.ofDays(30);
  private static final Duration AHEAD = Duration.ofHours(1);
  private static final Duration RETAIN = Duration.ofHours(25);
  private final ExchangeSettings settings =
      ExchangeSettings.defaults("https://issuer", "ns", RoleMapSource.of(RoleMap.EMPTY))
          .withKeyRotation(ROTATION, AHEAD, RETAIN);
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  private static List<String> kids(JWKSet keys) {
    return keys.getKeys().stream().map(JWK::getKeyID).toList();
  }

  @Test
  void theFirstKeySignsAtOnceAndNothingChangesUntilRotationIsDue() {
    JWKSet keys = KeyRing.rotate(new JWKSet(), t0, settings);

    assertThat(keys.getKeys()).singleElement().satisfies(k -> assertThat(k.isPrivate()).isTrue());
    assertThat(KeyRing.signer(keys, t0)).isPresent();
    assertThat(KeyRing.rotate(keys, t0.plus(Duration.ofDays(29)), settings)).isSameAs(keys);
  }

  @Test
  void aSuccessorIsPublishedAheadOfUseAndSignsOnlyFromItsNotBefore() {
    JWKSet first = KeyRing.rotate(new JWKSet(), t0, settings);
    String firstKid = first.getKeys().get(0).getKeyID();
    Instant due = t0.plus(ROTATION).minus(AHEAD);

    JWKSet both = KeyRing.rotate(first, due, settings);

    assertThat(both.getKeys()).hasSize(2);
    String secondKid = kids(both).stream().filter(k -> !k.equals(firstKid)).findFirst().get();
    assertThat(KeyRing.signer(both, due).map(ECKey::getKeyID)).hasValue(firstKid);
    assertThat(KeyRing.signer(both, due.plus(AHEAD).minusSeconds(1)).map(ECKey::getKeyID))
        .hasValue(firstKid);
    assertThat(KeyRing.signer(both, due.plus(AHEAD)).map(ECKey::getKeyID)).hasValue(secondKid);
  }

  @Test
  void aReplacedKeyStaysPublishedLongerThanTheTokensItSignedThenLeaves() {
    JWKSet first = KeyRing.rotate(new JWKSet(), t0, settings);
    Instant due = t0.plus(ROTATION).minus(AHEAD);
    JWKSet both = KeyRing.rotate(first, due, settings);
    Instant successorSigns = due.plus(AHEAD);

    JWKSet stillBoth = KeyRing.rotate(both, successorSigns.plus(RETAIN).minusSeconds(1), settings);
    JWKSet onlySecond = KeyRing.rotate(both, successorSigns.plus(RETAIN), settings);

    assertThat(kids(stillBoth)).isEqualTo(kids(both));
    assertThat(onlySecond.getKeys()).hasSize(1);
    assertThat(kids(onlySecond)).doesNotContain(first.getKeys().get(0).getKeyID());
    assertThat(RETAIN).isGreaterThan(ExchangeSettings.MAX_TOKEN_LIFETIME);
  }
}
