package dev.keyward.exchange;

import dev.keyward.rolemap.RoleMapSource;
import java.time.Duration;

/**
 * Settings of the token exchange: who signs ({@code issuer}, the public URL), for whom ({@code
 * audience}), where the signing keys are kept, and how they rotate. A new key is published {@code
 * keyPublishAhead} before it signs, so verifiers that cache the JWKS know it in time; a replaced
 * key stays published for {@code keyRetainAfterReplaced}, longer than any token it signed lives.
 */
public record ExchangeSettings(
    String issuer,
    String audience,
    String keysNamespace,
    RoleMapSource roleMap,
    Duration keyRotation,
    Duration keyPublishAhead,
    Duration keyRetainAfterReplaced) {

  public static final String DEFAULT_AUDIENCE = "keyward";
  public static final Duration DEFAULT_KEY_ROTATION = Duration.ofDays(30);
  public static final Duration DEFAULT_PUBLISH_AHEAD = Duration.ofHours(1);

  /** Access tokens live at most this long, whatever an Application asks for. */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(24);

  public static ExchangeSettings defaults(
      String issuer, String keysNamespace, RoleMapSource roleMap) {
    return new ExchangeSettings(
        issuer,
        DEFAULT_AUDIENCE,
        keysNamespace,
        roleMap,
        DEFAULT_KEY_ROTATION,
        DEFAULT_PUBLISH_AHEAD,
        MAX_TOKEN_LIFETIME.plusHours(1));
  }

  public ExchangeSettings withAudience(String audience) {
    return new ExchangeSettings(
        issuer,
        audience,
        keysNamespace,
        roleMap,
        keyRotation,
        keyPublishAhead,
        keyRetainAfterReplaced);
  }

  public ExchangeSettings withKeyRotation(
      Duration rotation, Duration publishAhead, Duration retainAfterReplaced) {
    return new ExchangeSettings(
        issuer, audience, keysNamespace, roleMap, rotation, publishAhead, retainAfterReplaced);
  }
}
