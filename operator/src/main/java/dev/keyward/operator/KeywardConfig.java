package dev.keyward.operator;

import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.rbac.BindingLimits;
import dev.keyward.restart.RotationConsumerSettings;
import dev.keyward.rolemap.RoleMapSource;
import java.time.Clock;

/**
 * The operator's part of the settings: the key prefixes, the role map, the clock, {@code publicUrl}
 * (where clients reach the HTTP API; Application Secrets carry the token endpoint under it), {@code
 * bindingLimits} (the namespaces the operator never binds in, how often orphaned bindings are
 * swept, the operator's own namespace), {@code expiryWarning} (the lead times of the warnings
 * before a key expires) and {@code rotationConsumers} (how pods that read the Secrets are kept
 * working across rotations). Immutable; the command line builds it once.
 */
public record KeywardConfig(
    String tokenPrefix,
    String appSecretPrefix,
    RoleMapSource roleMap,
    Clock clock,
    String publicUrl,
    BindingLimits bindingLimits,
    ExpiryWarning expiryWarning,
    RotationConsumerSettings rotationConsumers) {

  public static final String DEFAULT_TOKEN_PREFIX = "kwt";
  public static final String DEFAULT_APP_SECRET_PREFIX = "kws";
  public static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";
  public static final String DEFAULT_NAMESPACE = "default";

  public static KeywardConfig defaults(RoleMapSource roleMap) {
    return new KeywardConfig(
        DEFAULT_TOKEN_PREFIX,
        DEFAULT_APP_SECRET_PREFIX,
        roleMap,
        Clock.systemUTC(),
        DEFAULT_PUBLIC_URL,
        BindingLimits.defaults(),
        ExpiryWarning.defaults(),
        RotationConsumerSettings.defaults());
  }

  public KeywardConfig withPublicUrl(String publicUrl) {
    return new KeywardConfig(
        tokenPrefix,
        appSecretPrefix,
        roleMap,
        clock,
        publicUrl,
        bindingLimits,
        expiryWarning,
        rotationConsumers);
  }

  public KeywardConfig withBindingLimits(BindingLimits bindingLimits) {
    return new KeywardConfig(
        tokenPrefix,
        appSecretPrefix,
        roleMap,
        clock,
        publicUrl,
        bindingLimits,
        expiryWarning,
        rotationConsumers);
  }

  /** Warn at these lead times before a non-rolling key or app secret expires. */
  public KeywardConfig withExpiryWarning(ExpiryWarning expiryWarning) {
    return new KeywardConfig(
        tokenPrefix,
        appSecretPrefix,
        roleMap,
        clock,
        publicUrl,
        bindingLimits,
        expiryWarning,
        rotationConsumers);
  }

  /** Grace-period check and restarts of the workloads that read the Secrets. */
  public KeywardConfig withRotationConsumers(RotationConsumerSettings rotationConsumers) {
    return new KeywardConfig(
        tokenPrefix,
        appSecretPrefix,
        roleMap,
        clock,
        publicUrl,
        bindingLimits,
        expiryWarning,
        rotationConsumers);
  }

  /**
   * The operator's own namespace, where the signing keys and the password records are kept: the one
   * of {@code bindingLimits}, else {@code default} (as for a process started outside a pod).
   */
  public String operatorNamespace() {
    String namespace = bindingLimits.operatorNamespace();
    return namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
  }

  /** The RFC 6749 token endpoint clients post their app id and secret to. */
  public String tokenEndpoint() {
    return publicUrl.replaceAll("/+$", "") + "/oauth/token";
  }
}
