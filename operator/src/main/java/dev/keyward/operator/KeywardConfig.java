package dev.keyward.operator;

import dev.keyward.lifecycle.CrashPoint;
import dev.keyward.rolemap.RoleMapSource;
import java.time.Clock;

/** Installation settings the operator is built from. */
public record KeywardConfig(
    String tokenPrefix,
    String appSecretPrefix,
    RoleMapSource roleMap,
    Clock clock,
    CrashPoint crashPoint) {

  public static final String DEFAULT_TOKEN_PREFIX = "kwt";
  public static final String DEFAULT_APP_SECRET_PREFIX = "kws";

  public static KeywardConfig defaults(RoleMapSource roleMap) {
    return new KeywardConfig(
        DEFAULT_TOKEN_PREFIX,
        DEFAULT_APP_SECRET_PREFIX,
        roleMap,
        Clock.systemUTC(),
        CrashPoint.NONE);
  }

  public KeywardConfig withCrashPoint(CrashPoint crashPoint) {
    return new KeywardConfig(tokenPrefix, appSecretPrefix, roleMap, clock, crashPoint);
  }
}
