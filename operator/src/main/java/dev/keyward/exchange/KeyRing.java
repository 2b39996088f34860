package dev.keyward.exchange;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rotation rules of the signing keys, as pure functions of a JWK set and the time: which key
 * signs (the newest whose {@code nbf} has passed), when a successor is published ahead of its use,
 * and when a replaced key leaves the set. Each key's {@code iat} and {@code nbf} travel with it.
 */
public final class KeyRing {

  private KeyRing() {}

  /** The key that signs at {@code now}: the newest one already valid. */
  public static Optional<ECKey> signer(JWKSet keys, Instant now) {
    return byNotBefore(keys).stream()
        .filter(k -> !notBefore(k).isAfter(now))
        .reduce((older, newer) -> newer);
  }

  /** The set as it should be at {@code now}; the same instance when nothing changes. */
  public static JWKSet rotate(JWKSet keys, Instant now, ExchangeSettings settings) {
    List<ECKey> sorted = byNotBefore(keys);
    List<ECKey> kept = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      boolean replacedLongAgo =
          i + 1 < sorted.size()
              && !notBefore(sorted.get(i + 1)).plus(settings.keyRetainAfterReplaced()).isAfter(now);
      if (!replacedLongAgo) {
        kept.add(sorted.get(i));
      }
    }
    Instant newest = kept.isEmpty() ? null : notBefore(kept.get(kept.size() - 1));
    boolean successorDue =
        newest == null
            || !newest.plus(settings.keyRotation()).minus(settings.keyPublishAhead()).isAfter(now);
    if (successorDue) {
      // The very first key signs at once; later ones are published ahead of use.
      kept.add(generate(now, newest == null ? now : now.plus(settings.keyPublishAhead())));
    }
    if (!successorDue && kept.size() == sorted.size()) {
      return keys;
    }
    return new JWKSet(new ArrayList<JWK>(kept));
  }

  static ECKey generate(Instant issuedAt, Instant notBefore) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyID(UUID.randomUUID().toString())
          .issueTime(Date.from(issuedAt))
          .notBeforeTime(Date.from(notBefore))
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 signing key", e);
    }
  }

  private static List<ECKey> byNotBefore(JWKSet keys) {
    return keys.getKeys().stream()
        .filter(k -> k instanceof ECKey && k.isPrivate())
        .map(k -> (ECKey) k)
        .sorted(Comparator.comparing(KeyRing::notBefore))
        .toList();
  }

  private static Instant notBefore(JWK key) {
    return key.getNotBeforeTime() == null ? Instant.EPOCH : key.getNotBeforeTime().toInstant();
  }
}
