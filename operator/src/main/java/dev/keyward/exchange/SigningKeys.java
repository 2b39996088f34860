package dev.keyward.exchange;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWT signing keys, kept as a private JWK set in a Secret in the operator's namespace so every
 * replica signs with the same keys. The Secret is created if absent (the first replica wins, the
 * others read what it wrote) and rotated with optimistic concurrency; every replica re-reads it
 * periodically. Key material is never logged.
 */
public final class SigningKeys implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final KubernetesClient client;
  private final ExchangeSettings settings;
  private final Clock clock;
  private final ScheduledExecutorService refresher;
  private final boolean manage;
  private volatile JWKSet keys = new JWKSet();

  private SigningKeys(
      KubernetesClient client, ExchangeSettings settings, Clock clock, boolean manage) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.manage = manage;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keyward-signing-keys");
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads (or creates) the keys now, then refreshes them every {@code refresh}. */
  public static SigningKeys start(
      KubernetesClient client, ExchangeSettings settings, Clock clock, Duration refresh) {
    return start(client, settings, clock, refresh, true);
  }

  /**
   * As {@link #start(KubernetesClient, ExchangeSettings, Clock, Duration)}; with {@code manage}
   * false the keys are only read, never created or rotated (a verifier-only replica, whose
   * ServiceAccount may only read the Secret): until the operator has created them, there is no
   * signer and nothing is signed.
   */
  public static SigningKeys start(
      KubernetesClient client,
      ExchangeSettings settings,
      Clock clock,
      Duration refresh,
      boolean manage) {
    SigningKeys signingKeys = new SigningKeys(client, settings, clock, manage);
    if (manage) {
      signingKeys.refresh();
    } else {
      signingKeys.refreshQuietly();
    }
    signingKeys.refresher.scheduleWithFixedDelay(
        signingKeys::refreshQuietly, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    return signingKeys;
  }

  /** The key that signs now. */
  public ECKey signer() {
    return KeyRing.signer(keys, clock.instant())
        .orElseThrow(() -> new IllegalStateException("no signing key is valid yet"));
  }

  /** True when a key may sign now. */
  public boolean hasSigner() {
    return KeyRing.signer(keys, clock.instant()).isPresent();
  }

  /** The published JWK set: public members only. */
  public JWKSet publicKeys() {
    return keys.toPublicJWKSet();
  }

  /** Reads the Secret, creates or rotates it when due, and keeps the result in memory. */
  public void refresh() {
    for (int attempt = 0; attempt < 5; attempt++) {
      Secret secret = secrets().get();
      JWKSet stored = secret == null ? new JWKSet() : parse(secret);
      JWKSet wanted = manage ? KeyRing.rotate(stored, clock.instant(), settings) : stored;
      if (wanted == stored) {
        keys = stored;
        return;
      }
      try {
        write(secret, wanted);
        keys = wanted;
        log.info("signing keys updated: {} key(s) published", wanted.getKeys().size());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another replica wrote first: read its keys and decide again.
      }
    }
    throw new IllegalStateException("signing keys kept changing under concurrent writers");
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.warn("could not refresh signing keys ({}); using the ones in memory", e.getClass());
    }
  }

  private void write(Secret existing, JWKSet wanted) {
    String json = JSONObjectUtils.toJSONString(wanted.toJSONObject(false));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(KeywardNames.SIGNING_KEYS_SECRET)
            .withNamespace(settings.keysNamespace())
            .withLabels(
                Map.of(
                    KeywardNames.MANAGED_BY_LABEL,
                    KeywardNames.MANAGED_BY,
                    KeywardNames.COMPONENT_LABEL,
                    "signing-keys"))
            .withResourceVersion(
                existing == null ? null : existing.getMetadata().getResourceVersion())
            .endMetadata()
            .withType("Opaque")
            .withData(
                Map.of(
                    KeywardNames.SIGNING_KEYS_DATA_KEY,
                    Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))))
            .build();
    var resource = client.secrets().inNamespace(settings.keysNamespace()).resource(secret);
    if (existing == null) {
      resource.create();
    } else {
      resource.update();
    }
  }

  private static JWKSet parse(Secret secret) {
    String encoded =
        secret.getData() == null ? null : secret.getData().get(KeywardNames.SIGNING_KEYS_DATA_KEY);
    if (encoded == null) {
      return new JWKSet();
    }
    try {
      return JWKSet.parse(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    } catch (ParseException | IllegalArgumentException e) {
      // Never include the content: it is private key material.
      throw new IllegalStateException("the signing keys Secret does not hold a valid JWK set");
    }
  }

  private io.fabric8.kubernetes.client.dsl.Resource<Secret> secrets() {
    return client
        .secrets()
        .inNamespace(settings.keysNamespace())
        .withName(KeywardNames.SIGNING_KEYS_SECRET);
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
