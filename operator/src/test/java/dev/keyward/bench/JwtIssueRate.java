package dev.keyward.bench;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.verify.AccessTokenSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * The JWT issue rate: access tokens (RFC 9068 claims) signed per second in-process through
 * Keyward's {@link AccessTokenSigner}. While Keyward has no signer implementation the row says
 * "pending" rather than show a number that was not measured.
 */
final class JwtIssueRate {

  private JwtIssueRate() {}

  /** Tokens signed per second, or empty while there is no signer to measure. */
  static Optional<Double> measure(Duration duration) {
    return signer().map(signer -> rate(signer, duration));
  }

  /** Keyward's signer, once the operator has one; none exists yet. */
  private static Optional<AccessTokenSigner> signer() {
    return Optional.empty();
  }

  static double rate(AccessTokenSigner signer, Duration duration) {
    long warmupEnd = System.nanoTime() + duration.toNanos() / 5;
    while (System.nanoTime() < warmupEnd) {
      signer.sign(claims());
    }
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long signed = 0;
    while (System.nanoTime() < end) {
      signer.sign(claims());
      signed++;
    }
    return signed / ((System.nanoTime() - start) / 1e9);
  }

  private static JWTClaimsSet claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("https://keyward.example")
        .subject("bench-owner")
        .audience("https://api.example")
        .claim("client_id", "bench-owner")
        .claim("scope", "runners.read runners.run")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(900)))
        .jwtID(UUID.randomUUID().toString())
        .build();
  }
}
