package dev.keyward.exchange;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyward.jose.Es256Jws;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Verifies the access tokens Keyward itself issues (token exchange and password login) with the
 * current JWKS, locally: ES256 signature by a published key, {@code typ: at+jwt}, this issuer, this
 * audience, not expired, not issued in the future, with a subject and an id. Anything else —
 * tampered, expired, foreign, unsigned or signed by an unknown key — is refused the same way.
 */
public final class AccessTokenVerifier {

  /** Tolerated clock difference between replicas for {@code iat} and {@code nbf}, never for exp. */
  static final Duration ISSUED_AT_SKEW = Duration.ofSeconds(30);

  private final Supplier<JWKSet> publicKeys;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  /**
   * A verifier per key id, each kept while its key stays the same: building one validates the
   * public point, and BouncyCastle keeps its precomputed multiples on that point. Replaced as a
   * whole, holding only keys the set still publishes.
   */
  private volatile Map<String, KeyVerifier> verifiers = Map.of();

  private record KeyVerifier(ECKey key, JWSVerifier verifier) {}

  public AccessTokenVerifier(
      Supplier<JWKSet> publicKeys, String issuer, String audience, Clock clock) {
    this.publicKeys = publicKeys;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  /** Whether the text could be a compact JWS at all (three base64url parts), without parsing. */
  public static boolean looksLikeJwt(String text) {
    return text.startsWith("eyJ") && text.chars().filter(c -> c == '.').count() == 2;
  }

  /** The token's claims when it passes every check. */
  public Optional<JWTClaimsSet> verify(String token) {
    if (token == null || !looksLikeJwt(token)) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader header = jwt.getHeader();
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())
          || !JwtIssuer.ACCESS_TOKEN_TYPE.equals(header.getType())
          || header.getKeyID() == null
          || header.getCriticalParams() != null) {
        return Optional.empty();
      }
      JWKSet keys = publicKeys.get();
      JWK key = keys.getKeyByKeyId(header.getKeyID());
      if (!(key instanceof ECKey ec) || !jwt.verify(verifierFor(ec.toPublicJWK(), keys))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      return valid(claims) ? Optional.of(claims) : Optional.empty();
    } catch (ParseException | JOSEException | IllegalStateException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private JWSVerifier verifierFor(ECKey key, JWKSet keys) {
    Map<String, KeyVerifier> known = verifiers;
    KeyVerifier cached = known.get(key.getKeyID());
    if (cached != null && cached.key().equals(key)) {
      return cached.verifier();
    }
    JWSVerifier verifier = Es256Jws.verifier(key);
    Map<String, KeyVerifier> next = new HashMap<>();
    known.forEach(
        (kid, kept) -> {
          JWK published = keys.getKeyByKeyId(kid);
          if (published != null && kept.key().equals(published.toPublicJWK())) {
            next.put(kid, kept);
          }
        });
    next.put(key.getKeyID(), new KeyVerifier(key, verifier));
    verifiers = Map.copyOf(next);
    return verifier;
  }

  private boolean valid(JWTClaimsSet claims) {
    Instant now = clock.instant();
    return issuer.equals(claims.getIssuer())
        && claims.getAudience() != null
        && claims.getAudience().contains(audience)
        && claims.getSubject() != null
        && claims.getJWTID() != null
        && claims.getExpirationTime() != null
        && now.isBefore(claims.getExpirationTime().toInstant())
        && claims.getIssueTime() != null
        && notAfter(claims.getIssueTime(), now)
        && (claims.getNotBeforeTime() == null || notAfter(claims.getNotBeforeTime(), now));
  }

  private static boolean notAfter(Date date, Instant now) {
    return !date.toInstant().isAfter(now.plus(ISSUED_AT_SKEW));
  }
}
