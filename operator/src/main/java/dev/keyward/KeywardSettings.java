package dev.keyward;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.http.ClientAddress;
import dev.keyward.http.TlsFiles;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.RunMode;
import dev.keyward.rbac.BindingLimits;
import dev.keyward.restart.RotationConsumerSettings;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.server.ServerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything one Keyward process is told, resolved once from the command line and the environment
 * and never changed afterwards. Each component gets its part of it ({@link #operatorConfig}, {@link
 * #serverSettings}, {@link #exchangeSettings}) through its constructor; none reads a flag, an
 * environment variable or a static field itself.
 *
 * @param local run on a local API server (no cluster configured, or {@code --local})
 * @param mode what the process runs; always {@link RunMode#all} in local mode
 * @param publicUrl the URL clients reach the HTTP API at; empty: {@code http(s)://localhost:<port>}
 * @param bindingLimits the namespaces never bound in, among them the operator's own
 * @param rotationConsumers the grace-period check and restarts of workloads that read the Secrets
 * @param localNode in local mode, also start a node (containerd, kubelet, scheduler) when possible
 * @param leaseNamespace the leader election Lease's namespace; empty: the client's namespace
 * @param shutdownDelay on SIGTERM, how long the HTTP API keeps answering before it stops
 */
public record KeywardSettings(
    boolean local,
    RunMode mode,
    boolean installCrds,
    Path examples,
    boolean exitAfterDemo,
    Path roleMapFile,
    String tokenPrefix,
    String appSecretPrefix,
    int httpPort,
    Optional<String> publicUrl,
    Optional<TlsFiles> tls,
    ClientAddress clients,
    String tokenAudience,
    Duration lastUseInterval,
    BindingLimits bindingLimits,
    ExpiryWarning expiryWarning,
    RotationConsumerSettings rotationConsumers,
    boolean localNode,
    int healthPort,
    int metricsPort,
    boolean leaderElection,
    String leaseName,
    Optional<String> leaseNamespace,
    Duration shutdownDelay) {

  /** The operator's own namespace: signing keys and password records live there. */
  public String operatorNamespace() {
    return bindingLimits.operatorNamespace();
  }

  /** Whether this process elects a leader among the replicas that reconcile. */
  public boolean electsLeader() {
    return leaderElection && !local && mode.reconciles();
  }

  /** The public URL, given the port the HTTP API is actually served on. */
  public String publicUrl(int servedPort) {
    return publicUrl.orElse((tls.isPresent() ? "https" : "http") + "://localhost:" + servedPort);
  }

  /** The operator's part: what the reconcilers and their services are built from. */
  public KeywardConfig operatorConfig(RoleMapSource roleMap, Clock clock, String servedUrl) {
    return new KeywardConfig(
        tokenPrefix,
        appSecretPrefix,
        roleMap,
        clock,
        servedUrl,
        bindingLimits,
        expiryWarning,
        rotationConsumers);
  }

  /** The token exchange's part: issuer, audience, where the signing keys are kept. */
  public ExchangeSettings exchangeSettings(RoleMapSource roleMap, String servedUrl) {
    return ExchangeSettings.defaults(servedUrl, operatorNamespace(), roleMap)
        .withAudience(tokenAudience);
  }

  /** The HTTP API's part. */
  public ServerSettings serverSettings(int servedPort, ExchangeSettings exchange) {
    return new ServerSettings(servedPort, exchange, tls, clients, lastUseInterval);
  }
}
