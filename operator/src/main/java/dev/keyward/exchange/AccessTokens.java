package dev.keyward.exchange;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Mints RFC 9068 JWT access tokens for authenticated Applications: {@code iss}, {@code aud}, {@code
 * sub} and {@code client_id} (the appId), {@code iat}, {@code exp}, {@code jti}, and what the
 * Application may do: {@code roles}, {@code projects}, {@code scope}.
 */
public final class AccessTokens {

  /** A minted token and what the client is told about it. */
  public record Minted(String token, long expiresIn, String scope) {}

  private final JwtIssuer issuer;
  private final String audience;
  private final Clock clock;

  public AccessTokens(JwtIssuer issuer, String audience, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  /** A token carrying {@code scopes}, which the caller has checked lie within the client's. */
  public Minted mint(AppClient client, Set<String> scopes) {
    Instant now = clock.instant();
    Duration lifetime =
        client.tokenLifetime().compareTo(ExchangeSettings.MAX_TOKEN_LIFETIME) > 0
            ? ExchangeSettings.MAX_TOKEN_LIFETIME
            : client.tokenLifetime();
    String scope = String.join(" ", new TreeSet<>(scopes));
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer.issuer())
            .audience(audience)
            .subject(client.appId())
            .claim("client_id", client.appId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", scope)
            .claim("roles", client.roles())
            .claim("projects", client.projects())
            .build();
    return new Minted(
        issuer.sign(claims, JwtIssuer.ACCESS_TOKEN_TYPE), lifetime.toSeconds(), scope);
  }
}
