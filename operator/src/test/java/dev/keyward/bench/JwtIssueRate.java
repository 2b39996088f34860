package dev.keyward.bench;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.JwtIssuer;
import dev.keyward.exchange.SigningKeys;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.verify.AccessTokenSigner;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * The JWT issue rate: access tokens (RFC 9068 claims) signed per second in-process through
 * Keyward's {@link AccessTokenSigner}: ES256 with the operator's signing keys, kept in a Secret.
 */
final class JwtIssueRate {

  private JwtIssueRate() {}

  /** Tokens signed per second with signing keys kept in the given namespace. */
  static Optional<Double> measure(KubernetesClient client, String namespace, Duration duration) {
    ExchangeSettings settings =
        ExchangeSettings.defaults(
            "https://keyward.example", namespace, RoleMapSource.of(RoleMap.EMPTY));
    try (SigningKeys keys =
        SigningKeys.start(client, settings, Clock.systemUTC(), Duration.ofMinutes(5))) {
      JwtIssuer issuer = new JwtIssuer(keys, settings.issuer());
      AccessTokenSigner signer = claims -> issuer.sign(claims, JwtIssuer.ACCESS_TOKEN_TYPE);
      return Optional.of(rate(signer, duration));
    }
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
