package dev.keyward.operator;

import dev.keyward.api.ApiToken;
import dev.keyward.cache.ControllerCache;
import dev.keyward.cache.IndexedPrunedItemStore;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.PrunedItemStore;
import dev.keyward.cache.TokenDigests;
import dev.keyward.credential.KeyFormat;
import dev.keyward.delivery.SecretDelivery;
import dev.keyward.event.EventRecorder;
import dev.keyward.lifecycle.CrashPoint;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.PasswordKeeper;
import dev.keyward.metrics.CredentialMetrics;
import dev.keyward.rbac.ApplicationRbac;
import dev.keyward.rbac.ApplicationServiceAccount;
import dev.keyward.rbac.BindingRules;
import dev.keyward.rbac.ProjectBindings;
import dev.keyward.reconciler.ApiTokenReconciler;
import dev.keyward.reconciler.ApiUserReconciler;
import dev.keyward.reconciler.ApplicationReconciler;
import dev.keyward.reconciler.SigningCredentialReconciler;
import dev.keyward.reconciler.TokenOwners;
import dev.keyward.restart.RotationConsumers;
import dev.keyward.rolemap.NamespaceLabels;
import dev.keyward.secret.SecretStore;
import dev.keyward.signing.SigningKeyKeeper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Keyward's reconcilers and services into one java-operator-sdk {@link Operator}. */
public final class KeywardOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeywardOperator.class);

  private static final List<String> CONTROLLERS = List.of("apiuser", "apitoken", "application");

  private final Operator operator;
  private volatile boolean started;
  private final CredentialMetrics credentialMetrics;
  private final RotationConsumers rotationConsumers;
  private final ControllerCache<ApiToken> tokenCache =
      new ControllerCache<>(new IndexedPrunedItemStore<>(TokenDigests::of));

  public KeywardOperator(KubernetesClient client, KeywardConfig config) {
    this(client, config, OperatorOptions.standalone());
  }

  public KeywardOperator(KubernetesClient client, KeywardConfig config, OperatorOptions options) {
    this(client, config, options, CrashPoint.NONE);
  }

  /**
   * With {@code crashPoint} called right after a key's Secret is written and before the status
   * records it: the seam through which tests crash the operator at its most delicate moment.
   * Production never passes one.
   */
  public KeywardOperator(
      KubernetesClient client,
      KeywardConfig config,
      OperatorOptions options,
      CrashPoint crashPoint) {
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(10))
                  // A status written on top of one the watch has not delivered yet stays cached
                  // only if resource versions are compared; otherwise the next reconcile could read
                  // the older one.
                  .withParseResourceVersions(true)
                  // Per-resource meters would label reconcile metrics with every resource name.
                  .withMetrics(
                      MicrometerMetrics.withoutPerResourceMetrics(options.meterRegistry()));
              options
                  .leaderElection()
                  .ifPresent(le -> o.withLeaderElectionConfiguration(le.toConfiguration()));
            });
    SecretStore secrets = new SecretStore(client);
    EventRecorder events = new EventRecorder(client, config.clock());
    TokenOwners tokenOwners = new TokenOwners();
    SecretDelivery delivery = new SecretDelivery(client, events, config.clock());
    this.rotationConsumers =
        new RotationConsumers(client, events, config.clock(), config.rotationConsumers());
    KeyIssuer tokenKeys = new KeyIssuer(secrets, new KeyFormat(config.tokenPrefix()), crashPoint);
    operator.register(
        new ApiUserReconciler(
            new PasswordKeeper(secrets, crashPoint, config.operatorNamespace()),
            events,
            config.clock(),
            config.operatorNamespace(),
            config.bindingLimits().orphanSweepInterval(),
            tokenOwners),
        o -> cacheSettings(o, new PrunedItemStore<>()));
    operator.register(
        new ApiTokenReconciler(
            tokenKeys,
            config.roleMap(),
            NamespaceLabels.fromApiServer(client),
            events,
            config.clock(),
            config.expiryWarning(),
            delivery,
            config.bindingLimits().orphanSweepInterval(),
            rotationConsumers,
            tokenOwners,
            tokenCache),
        o -> cacheSettings(o, tokenCache.store()));
    KeyIssuer appSecrets =
        new KeyIssuer(secrets, new KeyFormat(config.appSecretPrefix()), crashPoint);
    operator.register(
        new ApplicationReconciler(
            appSecrets,
            config.roleMap(),
            new ApplicationRbac(
                new ApplicationServiceAccount(client),
                new ProjectBindings(client, new BindingRules(config.bindingLimits()))),
            events,
            config.clock(),
            config.tokenEndpoint(),
            config.bindingLimits().orphanSweepInterval(),
            config.expiryWarning(),
            delivery,
            rotationConsumers),
        o -> cacheSettings(o, new PrunedItemStore<>()));
    operator.register(
        new SigningCredentialReconciler(
            new SigningKeyKeeper(secrets, config.clock(), config.operatorNamespace()),
            events,
            config.clock(),
            config.tokenEndpoint(),
            config.operatorNamespace()),
        o -> cacheSettings(o, new PrunedItemStore<>()));
    this.credentialMetrics = new CredentialMetrics(options.meterRegistry(), this::cachedResources);
  }

  public void start() {
    operator.start();
    started = true;
    log.info(
        "Keyward operator started with {} controllers", operator.getRegisteredControllersNumber());
  }

  /** A registered controller by name (apiuser, apitoken, application), for health and tests. */
  public RegisteredController<?> controller(String name) {
    return operator
        .getRegisteredController(name)
        .orElseThrow(() -> new IllegalArgumentException("no controller " + name));
  }

  /** Rebuilds the credential gauges from the informer caches, which every replica keeps warm. */
  public void refreshMetrics() {
    credentialMetrics.refresh();
  }

  private List<HasMetadata> cachedResources() {
    List<HasMetadata> all = new ArrayList<>();
    for (String name : CONTROLLERS) {
      if (operator.getRegisteredController(name).orElse(null) instanceof Controller<?> controller
          && controller.getEventSourceManager() != null) {
        try {
          controller
              .getEventSourceManager()
              .getControllerEventSource()
              .list(r -> true)
              .forEach(all::add);
        } catch (RuntimeException e) {
          // Before the informers have started there is nothing to count yet.
          log.debug("no cache for {} yet: {}", name, e.toString());
        }
      }
    }
    return all;
  }

  /**
   * How every controller caches its primary resources: managed fields dropped and strings shared
   * ({@link PrunedItemStore}), lists in pages, no reconcile state kept for a rate limit.
   */
  private static <R extends HasMetadata> void cacheSettings(
      ControllerConfigurationOverrider<R> o, ItemStore<R> store) {
    o.withItemStore(store)
        .withInformerListLimit(ListPages.SIZE)
        .withRateLimiter(NoRateLimit.INSTANCE);
  }

  /**
   * The apitoken controller's cache of ApiTokens, attached once the controller is registered (in
   * the constructor) and filled once {@link #start()} starts the informers: verification on this
   * replica reads it instead of caching every token a second time.
   */
  public ControllerCache<ApiToken> tokenCache() {
    return tokenCache;
  }

  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  /**
   * True once {@link #start()} has returned. Until then {@link #runtimeInfo()} waits for the start
   * to finish (its controllers are being started under a lock), so a readiness check asks this
   * first.
   */
  public boolean hasStarted() {
    return started;
  }

  @Override
  public void close() {
    operator.stop();
    rotationConsumers.close();
    log.info("Keyward operator stopped");
  }
}
