package dev.keyward;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.SigningKeys;
import dev.keyward.exchange.TokenExchange;
import dev.keyward.local.LocalCluster;
import dev.keyward.local.LocalDemo;
import dev.keyward.local.LocalNode;
import dev.keyward.local.NodeDemo;
import dev.keyward.metrics.MetricsServer;
import dev.keyward.operator.ClientConfigs;
import dev.keyward.operator.CrdInstaller;
import dev.keyward.operator.HealthServer;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.operator.LeaderElection;
import dev.keyward.operator.OperatorOptions;
import dev.keyward.operator.RunMode;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.server.VerificationServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component of one Keyward process from its {@link
 * KeywardSettings}, starts them, and stops them in order when the process is stopped.
 */
final class KeywardWiring {

  private static final Logger log = LoggerFactory.getLogger(KeywardWiring.class);

  private final KeywardSettings settings;
  private final Clock clock = Clock.systemUTC();

  KeywardWiring(KeywardSettings settings) {
    this.settings = settings;
  }

  /** Runs until the process is stopped (or, in local mode with exitAfterDemo, after the demo). */
  int run(PrintStream out) throws Exception {
    LocalCluster cluster = null;
    if (settings.local()) {
      log.info("no cluster configured: starting a local Kubernetes API server");
      cluster = LocalCluster.start();
    }
    LocalNode node = cluster != null && settings.localNode() ? startNode(cluster) : null;
    KubernetesClient client =
        cluster != null ? cluster.newClient() : ClientConfigs.client(Config.autoConfigure(null));
    if (settings.local() || settings.installCrds()) {
      CrdInstaller.install(client);
    }
    RoleMapSource roleMap = roleMap();
    // With port 0 a free port is chosen now, so that the default public URL names the served one.
    int servedPort = settings.httpPort() == 0 ? freePort() : settings.httpPort();
    String servedUrl = settings.publicUrl(servedPort);
    PrometheusMeterRegistry registry = OperatorOptions.prometheusRegistry();
    // Meters recorded outside the operator (verification outcomes) reach /metrics too.
    Metrics.addRegistry(registry);
    RunMode runMode = settings.mode();
    KeywardOperator operator =
        runMode.reconciles()
            ? new KeywardOperator(
                client,
                settings.operatorConfig(roleMap, clock, servedUrl),
                new OperatorOptions(leaderElection(client), registry))
            : null;
    // Ready when the operator's informers and the verification informers are current.
    AtomicReference<VerificationServer> verifier = new AtomicReference<>();
    AtomicBoolean stopping = new AtomicBoolean();
    HealthServer health =
        HealthServer.start(
            settings.healthPort(),
            () ->
                !stopping.get()
                    && (operator == null
                        || (operator.hasStarted()
                            && HealthServer.operatorReady(operator.runtimeInfo())))
                    && (!runMode.servesHttp()
                        || (verifier.get() != null && verifier.get().isReady())));
    MetricsServer metrics =
        MetricsServer.start(
            settings.metricsPort(),
            registry,
            operator == null ? () -> {} : operator::refreshMetrics);
    ExchangeSettings exchange = settings.exchangeSettings(roleMap, servedUrl);
    AutoCloseable verification =
        switch (runMode) {
          case all ->
              VerificationServer.besideOperator(
                  client,
                  clock,
                  settings.serverSettings(servedPort, exchange),
                  operator.tokenCache());
          case verifier ->
              VerificationServer.startVerifierOnly(
                  client, clock, settings.serverSettings(servedPort, exchange));
          // No HTTP API here; the signing keys are still created and rotated by the operator.
          case operator -> SigningKeys.start(client, exchange, clock, TokenExchange.KEY_REFRESH);
        };
    if (verification instanceof VerificationServer server) {
      verifier.set(server);
    }
    log.info("running in mode {}", runMode);
    CountDownLatch stopped = new CountDownLatch(1);
    LocalCluster localCluster = cluster;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Not ready at once; answering on until the delay is over (the HTTP API reads
                  // the operator's caches, so the operator stops after it).
                  stopping.set(true);
                  if (runMode.servesHttp()) {
                    drain(settings.shutdownDelay());
                  }
                  shutdown(operator, health, metrics, verification, client, localCluster, stopped);
                },
                "keyward-shutdown"));
    if (operator != null) {
      operator.start();
    }
    if (cluster != null) {
      new LocalDemo(client, out)
          .run(
              settings.examples(),
              cluster.kubeconfig(),
              verifier.get().port(),
              !settings.exitAfterDemo());
      if (node != null) {
        new NodeDemo(client, node, out).run(verifier.get().port());
      }
      if (settings.exitAfterDemo()) {
        return 0;
      }
    }
    stopped.await();
    return 0;
  }

  /** The local node beside the local API server, or null (with the reason) where none can run. */
  private static LocalNode startNode(LocalCluster cluster) {
    Optional<String> unavailable = LocalNode.unavailable(cluster.binary("kubelet").getParent());
    if (unavailable.isPresent()) {
      log.warn("--local-node: no local node: {}", unavailable.get());
      return null;
    }
    return cluster.startNode();
  }

  private RoleMapSource roleMap() throws IOException {
    if (Files.exists(settings.roleMapFile())) {
      return RoleMapSource.watching(settings.roleMapFile(), 2000);
    }
    log.info(
        "local mode: role map file {} not found, using the example map", settings.roleMapFile());
    return RoleMapSource.of(
        RoleMapSource.parse(KeywardWiring.class.getResourceAsStream("/role-map.yaml")));
  }

  private Optional<LeaderElection> leaderElection(KubernetesClient client) {
    return settings.electsLeader()
        ? Optional.of(
            LeaderElection.inPod(
                settings.leaseName(), settings.leaseNamespace().orElse(client.getNamespace())))
        : Optional.empty();
  }

  /**
   * Keeps the HTTP API answering for {@code delay} after SIGTERM, with {@code /readyz} already 503:
   * the endpoint's removal reaches kube-proxy and ingress controllers before the port closes.
   */
  private static void drain(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    log.info("stopping: the HTTP API answers for {} more", delay);
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void shutdown(
      KeywardOperator operator,
      HealthServer health,
      MetricsServer metrics,
      AutoCloseable verification,
      KubernetesClient client,
      LocalCluster cluster,
      CountDownLatch stopped) {
    log.info("shutting down");
    try {
      if (operator != null) {
        operator.close();
      }
      verification.close();
      health.close();
      metrics.close();
      client.close();
    } catch (Exception e) {
      log.warn("error while shutting down: {}", e.toString());
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      stopped.countDown();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
