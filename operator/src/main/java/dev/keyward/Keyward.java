package dev.keyward;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.SigningKeys;
import dev.keyward.exchange.TokenExchange;
import dev.keyward.http.ClientAddress;
import dev.keyward.http.TlsFiles;
import dev.keyward.http.VerificationServer;
import dev.keyward.lifecycle.CrashPoint;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.lifecycle.GoDuration;
import dev.keyward.local.LocalCluster;
import dev.keyward.local.LocalDemo;
import dev.keyward.metrics.MetricsServer;
import dev.keyward.operator.ClientConfigs;
import dev.keyward.operator.CrdInstaller;
import dev.keyward.operator.HealthServer;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.operator.LeaderElection;
import dev.keyward.operator.OperatorOptions;
import dev.keyward.operator.RunMode;
import dev.keyward.rbac.BindingLimits;
import dev.keyward.rolemap.RoleMapSource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Entry point: runs the Keyward operator against a cluster, or on a local API server. */
@Command(
    name = "keyward",
    mixinStandardHelpOptions = true,
    version = "keyward 0.1.0",
    description =
        "Kubernetes operator that manages API credentials as custom resources. Without a"
            + " kubeconfig it starts a local API server, installs the CRDs, applies the examples"
            + " and shows what came out.")
public final class Keyward implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(Keyward.class);

  @Option(
      names = "--local",
      description = "Run on a local API server even when a kubeconfig is configured.")
  boolean local;

  @Option(
      names = "--local-cluster-only",
      description =
          "Start only a local API server with the CRDs installed, print its kubeconfig and keep"
              + " running until stopped, so that operators (KUBECONFIG=<path> ./keyward) can be"
              + " started, killed and restarted against it.")
  boolean localClusterOnly;

  @Option(
      names = "--examples",
      description = "Directory of manifests applied in local mode (default: ${DEFAULT-VALUE}).",
      defaultValue = "examples")
  Path examples;

  @Option(
      names = "--exit-after-demo",
      description = "In local mode, stop after printing the demo's results.")
  boolean exitAfterDemo;

  @Option(
      names = "--install-crds",
      description = "Install or update the CRDs on start (always done in local mode).")
  boolean installCrds;

  @Option(
      names = "--role-map",
      description =
          "Role map file (YAML), reloaded when it changes (default: ${DEFAULT-VALUE}). A missing"
              + " file is an error, except in local mode, which then uses the example map.",
      defaultValue = "config/role-map.yaml")
  Path roleMapFile;

  @Option(
      names = "--token-prefix",
      description = "Prefix of ApiToken keys (default: ${DEFAULT-VALUE}).",
      defaultValue = KeywardConfig.DEFAULT_TOKEN_PREFIX)
  String tokenPrefix;

  @Option(
      names = "--http-port",
      description =
          "Port of the verification and exchange endpoints, served by every replica; 0 picks a"
              + " free one (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int httpPort;

  @Option(
      names = "--app-secret-prefix",
      description = "Prefix of Application secrets (default: ${DEFAULT-VALUE}).",
      defaultValue = KeywardConfig.DEFAULT_APP_SECRET_PREFIX)
  String appSecretPrefix;

  @Option(
      names = "--public-url",
      description =
          "URL at which clients reach the HTTP API: the JWT issuer, and the token endpoint written"
              + " into Application Secrets (default: http://localhost:<the port --http-port"
              + " serves>).")
  String publicUrl;

  @Option(
      names = "--expiry-warnings",
      split = ",",
      paramLabel = "DURATION",
      description =
          "Lead times before a non-rolling key or app secret expires at which the resource gets"
              + " the ExpiringSoon condition and a Warning event (Go durations; default:"
              + " ${DEFAULT-VALUE}; 'none' turns warnings off).",
      defaultValue = "168h,24h")
  List<String> expiryWarnings;

  @Option(
      names = "--last-use-interval",
      paramLabel = "DURATION",
      description =
          "An ApiToken's status.lastUsedAt is written at most once in this time, across all"
              + " replicas (Go duration; default: ${DEFAULT-VALUE}).",
      defaultValue = "5m")
  String lastUseInterval;

  @Option(
      names = "--token-audience",
      description = "The aud claim of access tokens (default: ${DEFAULT-VALUE}).",
      defaultValue = ExchangeSettings.DEFAULT_AUDIENCE)
  String tokenAudience;

  @Option(
      names = "--namespace",
      description =
          "The operator's own namespace, where the JWT signing keys and the password records live"
              + " (default: the POD_NAMESPACE environment variable, else the in-cluster namespace,"
              + " else default).")
  String namespace;

  // HTTP API hardening: client identity, TLS.

  @Option(
      names = "--denied-namespaces",
      split = ",",
      description =
          "Namespaces (patterns, * matches anything) in which Applications are never bound, besides"
              + " the operator's own (default: ${DEFAULT-VALUE}).",
      defaultValue = "kube-*")
  List<String> deniedNamespaces;

  @Option(
      names = "--orphan-sweep-interval",
      description =
          "How often RoleBindings whose Application is gone, and password records whose ApiUser"
              + " is gone, are removed, as a Go duration (default: ${DEFAULT-VALUE}).",
      defaultValue = "5m")
  String orphanSweepInterval;

  @Option(
      names = "--trusted-proxies",
      split = ",",
      description =
          "Networks (CIDR) of the proxies whose X-Forwarded-For is believed when throttling"
              + " per client, e.g. the ingress controller's pod network; \"none\" or nothing"
              + " trusts none (default: none).")
  List<String> trustedProxies;

  @Option(
      names = "--mode",
      description =
          "What this process runs: all (reconcilers and the HTTP API), operator (reconcilers and"
              + " signing-key rotation, no HTTP API) or verifier (the HTTP API alone: no"
              + " reconciler, no leader election, read-only access; the signing keys come from the"
              + " operator). Local mode always runs all (default: ${DEFAULT-VALUE}).",
      defaultValue = "all")
  RunMode mode;

  @Option(
      names = "--tls-cert",
      description =
          "PEM certificate chain to serve the HTTP API over TLS with (e.g. tls.crt of a"
              + " cert-manager Certificate's Secret); needs --tls-key. Re-read when it changes.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM private key of --tls-cert (e.g. tls.key).")
  Path tlsKey;

  @Spec CommandSpec spec;

  @Option(
      names = "--health-port",
      description = "Port of the /healthz and /readyz endpoints (default: ${DEFAULT-VALUE}).",
      defaultValue = "8081")
  int healthPort;

  @Option(
      names = "--metrics-port",
      description = "Port of the Prometheus /metrics endpoint (default: ${DEFAULT-VALUE}).",
      defaultValue = "9090")
  int metricsPort;

  @Option(
      names = "--leader-election",
      description =
          "Elect one reconciling replica through a Lease (needs --lease-namespace outside a pod).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      description = "Name of the leader election Lease (default: ${DEFAULT-VALUE}).",
      defaultValue = LeaderElection.DEFAULT_LEASE_NAME)
  String leaseName;

  @Option(
      names = "--lease-namespace",
      description =
          "Namespace of the leader election Lease (default: $POD_NAMESPACE, else the"
              + " client's namespace).",
      defaultValue = "${env:POD_NAMESPACE}")
  String leaseNamespace;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Keyward()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (localClusterOnly) {
      return runLocalClusterOnly();
    }
    boolean useLocal = local || !clusterConfigured();
    Optional<TlsFiles> tls = tlsFiles();
    if (tls.isPresent() && publicUrl != null && !publicUrl.startsWith("https://")) {
      throw new ParameterException(
          spec.commandLine(), "--public-url must be an https URL when TLS is on: " + publicUrl);
    }
    if (!Files.exists(roleMapFile) && !useLocal) {
      throw new ParameterException(
          spec.commandLine(),
          "role map file "
              + roleMapFile
              + " does not exist; mount it or point --role-map at it (in a cluster, the chart"
              + " mounts its roleMap value)");
    }
    LocalCluster cluster = null;
    if (useLocal) {
      log.info("no cluster configured: starting a local Kubernetes API server");
      cluster = LocalCluster.start();
    }
    KubernetesClient client =
        cluster != null ? cluster.newClient() : ClientConfigs.client(Config.autoConfigure(null));
    if (useLocal || installCrds) {
      CrdInstaller.install(client);
    }
    RoleMapSource roleMap;
    if (Files.exists(roleMapFile)) {
      roleMap = RoleMapSource.watching(roleMapFile, 2000);
    } else {
      log.info("local mode: role map file {} not found, using the example map", roleMapFile);
      roleMap =
          RoleMapSource.of(
              RoleMapSource.parse(Keyward.class.getResourceAsStream("/role-map.yaml")));
    }
    // With port 0 a free port is chosen now, so that the default public URL names the served one.
    int servedPort = httpPort == 0 ? freePort() : httpPort;
    String servedUrl =
        publicUrl != null
            ? publicUrl
            : (tls.isPresent() ? "https" : "http") + "://localhost:" + servedPort;
    KeywardConfig config =
        new KeywardConfig(
            tokenPrefix,
            appSecretPrefix,
            roleMap,
            Clock.systemUTC(),
            CrashPoint.NONE,
            servedUrl,
            new BindingLimits(
                operatorNamespace(), deniedNamespaces, GoDuration.parse(orphanSweepInterval)),
            ExpiryWarning.parse(expiryWarnings.contains("none") ? List.of() : expiryWarnings));
    PrometheusMeterRegistry registry = OperatorOptions.prometheusRegistry();
    // Meters recorded outside the operator (verification outcomes) reach /metrics too.
    Metrics.addRegistry(registry);
    Optional<LeaderElection> election =
        leaderElection && !useLocal && mode.reconciles()
            ? Optional.of(
                LeaderElection.inPod(
                    leaseName, leaseNamespace != null ? leaseNamespace : client.getNamespace()))
            : Optional.empty();
    RunMode runMode = useLocal ? RunMode.all : mode;
    KeywardOperator operator =
        runMode.reconciles()
            ? new KeywardOperator(client, config, new OperatorOptions(election, registry))
            : null;
    ClientAddress.trustProxies(
        trustedProxies == null || trustedProxies.contains("none") ? List.of() : trustedProxies);
    // Ready when the operator's informers and the verification informers are current.
    AtomicReference<VerificationServer> verifier = new AtomicReference<>();
    HealthServer health =
        HealthServer.start(
            healthPort,
            () ->
                (operator == null || HealthServer.operatorReady(operator.runtimeInfo()))
                    && (!runMode.servesHttp()
                        || (verifier.get() != null && verifier.get().isReady())));
    MetricsServer metrics =
        MetricsServer.start(
            metricsPort, registry, operator == null ? () -> {} : operator::refreshMetrics);
    ExchangeSettings exchangeSettings =
        ExchangeSettings.defaults(servedUrl, operatorNamespace(), roleMap)
            .withAudience(tokenAudience);
    AutoCloseable verification =
        switch (runMode) {
          case all ->
              VerificationServer.start(
                  client,
                  Clock.systemUTC(),
                  servedPort,
                  exchangeSettings,
                  tls,
                  GoDuration.parse(lastUseInterval));
          case verifier ->
              VerificationServer.startVerifierOnly(
                  client,
                  Clock.systemUTC(),
                  servedPort,
                  exchangeSettings,
                  tls,
                  GoDuration.parse(lastUseInterval));
          // No HTTP API here; the signing keys are still created and rotated by the operator.
          case operator ->
              SigningKeys.start(
                  client, exchangeSettings, Clock.systemUTC(), TokenExchange.KEY_REFRESH);
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
                () ->
                    shutdown(
                        operator, health, metrics, verification, client, localCluster, stopped),
                "keyward-shutdown"));
    if (operator != null) {
      operator.start();
    }
    if (cluster != null) {
      new LocalDemo(client, System.out)
          .run(examples, cluster.kubeconfig(), verifier.get().port(), !exitAfterDemo);
      if (exitAfterDemo) {
        return 0;
      }
    }
    stopped.await();
    return 0;
  }

  /** Runs a local API server with the CRDs, and nothing else, until the process is stopped. */
  private static int runLocalClusterOnly() throws InterruptedException {
    LocalCluster cluster = LocalCluster.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  cluster.close();
                  stopped.countDown();
                },
                "keyward-shutdown"));
    try (KubernetesClient client = cluster.newClient()) {
      CrdInstaller.install(client);
    }
    System.out.println("Local Kubernetes API server ready, with Keyward's CRDs. Its kubeconfig:");
    System.out.println("  export KUBECONFIG=" + cluster.kubeconfig());
    System.out.println("Run the operator against it (stop and restart it at will):");
    System.out.println("  KUBECONFIG=" + cluster.kubeconfig() + " ./keyward");
    System.out.println("Press Ctrl-C to stop the API server.");
    System.out.flush();
    stopped.await();
    return 0;
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

  private Optional<TlsFiles> tlsFiles() {
    if (tlsCert == null && tlsKey == null) {
      return Optional.empty();
    }
    if (tlsCert == null || tlsKey == null) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
    }
    try {
      return Optional.of(new TlsFiles(tlsCert, tlsKey));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private String operatorNamespace() throws java.io.IOException {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    String fromEnv = System.getenv("POD_NAMESPACE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    Path inCluster = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    return Files.exists(inCluster) ? Files.readString(inCluster).trim() : "default";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean clusterConfigured() {
    if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
      return true;
    }
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      return true;
    }
    return Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
  }
}
