package dev.keyward;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.http.ClientAddress;
import dev.keyward.http.TlsFiles;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.lifecycle.GoDuration;
import dev.keyward.local.LocalCluster;
import dev.keyward.operator.CrdInstaller;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.LeaderElection;
import dev.keyward.operator.RunMode;
import dev.keyward.rbac.BindingLimits;
import dev.keyward.restart.RotationConsumerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
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
      names = "--local-node",
      description =
          "In local mode, also start a node (containerd, kubelet, scheduler) when this machine can"
              + " run one (root; scripts/setup-local-node.sh), and show a pod using its key.")
  boolean localNode;

  @Option(
      names = "--secret-propagation-delay",
      paramLabel = "DURATION",
      description =
          "How long kubelets may take to update a mounted Secret: a credential that rotates with a"
              + " shorter rotation.gracePeriod gets a Warning (Go duration; default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "2m")
  String secretPropagationDelay;

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
      names = "--shutdown-delay",
      paramLabel = "DURATION",
      description =
          "On SIGTERM, how long the HTTP API keeps answering (with /readyz already 503) before it"
              + " stops, so that Services and proxies stop sending it requests first (Go"
              + " duration; default: ${DEFAULT-VALUE}; none in local mode).",
      defaultValue = "5s")
  String shutdownDelay;

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
              + " client's namespace).")
  String leaseNamespace;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Keyward()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (localClusterOnly) {
      return runLocalClusterOnly();
    }
    return new KeywardWiring(settings(System::getenv)).run(System.out);
  }

  /**
   * Checks the command line and resolves it, with the environment, into the settings: the one place
   * that reads an option or an environment variable.
   */
  KeywardSettings settings(UnaryOperator<String> env) throws IOException {
    boolean useLocal = local || !clusterConfigured(env);
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
    Optional<String> podNamespace = nonBlank(env.apply("POD_NAMESPACE"));
    return new KeywardSettings(
        useLocal,
        useLocal ? RunMode.all : mode,
        installCrds,
        examples,
        exitAfterDemo,
        roleMapFile,
        tokenPrefix,
        appSecretPrefix,
        httpPort,
        Optional.ofNullable(publicUrl),
        tls,
        clientAddress(),
        tokenAudience,
        GoDuration.parse(lastUseInterval),
        new BindingLimits(
            operatorNamespace(podNamespace),
            deniedNamespaces,
            GoDuration.parse(orphanSweepInterval)),
        ExpiryWarning.parse(expiryWarnings.contains("none") ? List.of() : expiryWarnings),
        new RotationConsumerSettings(
            GoDuration.parse(secretPropagationDelay), RotationConsumerSettings.DEFAULT_DEBOUNCE),
        useLocal && localNode,
        healthPort,
        metricsPort,
        leaderElection,
        leaseName,
        nonBlank(leaseNamespace).or(() -> podNamespace),
        useLocal ? java.time.Duration.ZERO : GoDuration.parse(shutdownDelay));
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

  private ClientAddress clientAddress() {
    try {
      return new ClientAddress(
          trustedProxies == null || trustedProxies.contains("none") ? List.of() : trustedProxies);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--trusted-proxies: " + e.getMessage());
    }
  }

  /** --namespace, else POD_NAMESPACE, else the in-cluster namespace, else default. */
  private String operatorNamespace(Optional<String> podNamespace) throws IOException {
    Optional<String> given = nonBlank(namespace).or(() -> podNamespace);
    if (given.isPresent()) {
      return given.get();
    }
    Path inCluster = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    return Files.exists(inCluster)
        ? Files.readString(inCluster).trim()
        : KeywardConfig.DEFAULT_NAMESPACE;
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static boolean clusterConfigured(UnaryOperator<String> env) {
    if (env.apply("KUBERNETES_SERVICE_HOST") != null) {
      return true;
    }
    String kubeconfig = env.apply("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      return true;
    }
    return Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
  }
}
