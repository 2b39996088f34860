package dev.keyward.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyward.exchange.AccessTokenVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every JWT a consumer signs must pass, pure and clock-driven: the algorithm the
 * credential is pinned to (so {@code none} or an {@code alg} change is refused), no critical
 * headers, the credential's kid if one is named, the signature, {@code exp} present and at most the
 * credential's maxTokenLifetime ahead, {@code nbf} and {@code iat} not in the future, each within
 * {@link #CLOCK_SKEW}, and a {@code jti} seen only once while the JWT lives.
 */
public final class SignedJwtCheck {

  /** Tolerated difference between the consumer's clock and ours, for exp, nbf and iat. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /** What the JWT is presented for; the audience rules differ. */
  public enum Purpose {
    /** An API call at the forward-auth check: an audience naming the token endpoint is refused. */
    API_CALL,
    /** An RFC 7523 client assertion: the audience must name the issuer or the token endpoint. */
    CLIENT_ASSERTION
  }

  private final Clock clock;
  private final ReplayWindow replays;
  private final Set<String> tokenEndpointAudiences;

  /** {@code tokenEndpointAudiences}: the issuer URL and the token endpoint URL. */
  public SignedJwtCheck(Clock clock, ReplayWindow replays, Set<String> tokenEndpointAudiences) {
    this.clock = clock;
    this.replays = replays;
    this.tokenEndpointAudiences = Set.copyOf(tokenEndpointAudiences);
  }

  /**
   * The text as a signed JWT; empty for anything else, including an unsecured JWT ({@code alg:
   * none}), which is not a JWS at all.
   */
  public static Optional<SignedJWT> parse(String token) {
    if (token == null || !AccessTokenVerifier.looksLikeJwt(token)) {
      return Optional.empty();
    }
    try {
      return Optional.of(SignedJWT.parse(token));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  /** The claims when {@code jwt} passes every check for {@code credential}, else empty. */
  public Optional<JWTClaimsSet> verify(SignedJWT jwt, CredentialKey credential, Purpose purpose) {
    try {
      JWSHeader header = jwt.getHeader();
      if (!credential.algorithm().jws().equals(header.getAlgorithm())
          || header.getCriticalParams() != null
          || (header.getKeyID() != null && !header.getKeyID().equals(credential.keyId()))
          || !jwt.verify(credential.verifier())) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!timely(claims, credential.maxTokenLifetime()) || !addressed(claims, purpose)) {
        return Optional.empty();
      }
      if (purpose == Purpose.CLIENT_ASSERTION && claims.getJWTID() == null) {
        return Optional.empty();
      }
      if (claims.getJWTID() != null
          && !replays.firstUse(
              credential.key(),
              claims.getJWTID(),
              claims.getExpirationTime().toInstant().plus(CLOCK_SKEW))) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (ParseException | JOSEException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  private boolean timely(JWTClaimsSet claims, Duration maxLifetime) {
    Instant now = clock.instant();
    if (claims.getExpirationTime() == null) {
      return false;
    }
    Instant exp = claims.getExpirationTime().toInstant();
    if (!now.isBefore(exp.plus(CLOCK_SKEW))
        || exp.isAfter(now.plus(maxLifetime).plus(CLOCK_SKEW))) {
      return false;
    }
    if (claims.getNotBeforeTime() != null
        && claims.getNotBeforeTime().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      return false;
    }
    if (claims.getIssueTime() != null) {
      Instant iat = claims.getIssueTime().toInstant();
      return !iat.isAfter(now.plus(CLOCK_SKEW)) && !exp.isAfter(iat.plus(maxLifetime));
    }
    return true;
  }

  private boolean addressed(JWTClaimsSet claims, Purpose purpose) {
    List<String> audience = claims.getAudience();
    boolean toTokenEndpoint =
        audience != null && audience.stream().anyMatch(tokenEndpointAudiences::contains);
    // An assertion meant for the token endpoint never doubles as an API credential, and back.
    return purpose == Purpose.CLIENT_ASSERTION ? toTokenEndpoint : !toTokenEndpoint;
  }
}
