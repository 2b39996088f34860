package dev.keyward.local;

import dev.keyward.operator.ClientConfigs;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver with etcd and, when its binary is available, a kube-controller-manager
 * running the garbage collector and namespace controllers. Used by the local mode and by the tests.
 *
 * <p>fabric8 kube-api-test finds or downloads the binaries and makes the client certificates; the
 * processes are started here, so that they die with this JVM (see {@link ChildProcess}) and their
 * readiness is awaited with a deadline that does not wrap at midnight. Every start first cleans up
 * what local clusters of killed JVMs left behind.
 *
 * <p>The API server listens on every address (kube-apiserver's default) and advertises the host's
 * primary address ({@link #advertiseAddress()}, the one of the default route's interface): that is
 * the endpoint of the {@code kubernetes} Service, which pods of the local node reach through their
 * node's network namespace. Its serving certificate ({@link ClusterCertificates}) names loopback,
 * that address, the Service's ClusterIP {@value #KUBERNETES_SERVICE_IP} and the Service's DNS
 * names; the kubeconfig trusts the cluster's CA. The flags for the node (the kubelet's client
 * certificate and CA, InternalIP first, the ServiceAccount admission plugin, endpoint routing for
 * webhooks and aggregated APIs) change nothing for clusters that never start one.
 */
public final class LocalCluster implements AutoCloseable {

  /** The Kubernetes release whose binaries are used; the build script caches the same one. */
  public static final String DEFAULT_VERSION = "1.34.4";

  /** The Services' ClusterIP range; the {@code kubernetes} Service gets its first address. */
  public static final String SERVICE_CIDR = "10.0.0.0/24";

  public static final String KUBERNETES_SERVICE_IP = "10.0.0.1";

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  private final String version;
  private final Path binaryDir;
  private final StartupWait startupWait;
  private final KubeAPIServerConfig config;
  private final BinaryManager binaries;
  private final CertManager certificates;
  private final List<ChildProcess> processes = new ArrayList<>();
  private Path workDir;
  private LocalClusterRecord record;
  private String kubeconfigYaml;
  private Path kubeconfig;
  private LocalNode node;
  private ClusterCertificates pki;
  private String advertiseAddress;
  private int apiServerPort;

  private LocalCluster(String version, Clock clock) {
    this.version = version;
    this.binaryDir = binaryDirectory(version);
    this.startupWait = new StartupWait(clock, STARTUP_TIMEOUT);
    boolean cached = Files.isExecutable(binaryDir.resolve("kube-apiserver"));
    this.config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withApiServerVersion(version)
            // offline mode through the builder: the environment variable form is broken
            .withOfflineMode(cached)
            .build();
    this.binaries = new BinaryManager(config);
    this.certificates = new CertManager(config.getKubeAPITestDir());
  }

  public static LocalCluster start() {
    return start(Clock.systemUTC());
  }

  /** Starts a cluster; {@code clock} times the start-up waits. */
  public static LocalCluster start(Clock clock) {
    String version = System.getProperty("keyward.kube.version", DEFAULT_VERSION);
    LocalCluster cluster = new LocalCluster(version, clock);
    try {
      cluster.startProcesses();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Where kube-api-test keeps (and the build script caches) the binaries of a release. */
  public static Path binaryDirectory(String version) {
    String base =
        Optional.ofNullable(System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR))
            .orElse(Path.of(System.getProperty("user.home"), ".kubeapitest").toString());
    return Path.of(base, "k8s", version + "-linux-amd64");
  }

  private void startProcesses() {
    long start = System.nanoTime();
    LocalClusterRecord.cleanUpAbandoned();
    binaries.initAndDownloadIfRequired();
    certificates.createCertificatesIfNeeded();
    try {
      workDir = Files.createTempDirectory("keyward-local-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    record = LocalClusterRecord.create(workDir);
    advertiseAddress = primaryAddress().orElse(null);
    List<String> ips = new ArrayList<>(List.of("127.0.0.1", KUBERNETES_SERVICE_IP));
    if (advertiseAddress != null) {
      ips.add(advertiseAddress);
    }
    pki =
        ClusterCertificates.create(
            workDir.resolve("pki"), ips, Path.of(certificates.getAPIServerKeyPath()));

    int etcdPort = Utils.findFreePort();
    ChildProcess etcd = startChild("etcd", etcdCommand(etcdPort));
    startupWait.until("etcd", etcd, () -> httpOk("http://127.0.0.1:" + etcdPort + "/health"));

    apiServerPort = Utils.findFreePort();
    ChildProcess apiServer =
        startChild("kube-apiserver", apiServerCommand(apiServerPort, etcdPort));
    kubeconfigYaml = kubeconfigYaml("https://127.0.0.1:" + apiServerPort, "kubeapitest");
    kubeconfig = workDir.resolve("kubeconfig");
    try {
      Files.writeString(kubeconfig, kubeconfigYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (KubernetesClient client = newClient()) {
      startupWait.until("kube-apiserver", apiServer, () -> apiServerReady(client));
    }

    Path cm = binaryDir.resolve("kube-controller-manager");
    if (Files.isExecutable(cm)) {
      startChild("kube-controller-manager", ControllerManagerProcess.command(cm, kubeconfig));
      log.info("kube-controller-manager started (garbagecollector, namespace, serviceaccount)");
    } else {
      log.warn(
          "kube-controller-manager not found in {}: no garbage collection or namespace deletion",
          binaryDir);
    }
    log.info(
        "local Kubernetes {} API server ready in {} ms",
        version,
        (System.nanoTime() - start) / 1_000_000);
  }

  private ChildProcess startChild(String name, List<String> command) {
    ChildProcess child = ChildProcess.start(name, command);
    processes.add(child);
    record.addChild(child.handle());
    return child;
  }

  private List<String> etcdCommand(int port) {
    int peerPort = Utils.findFreePort();
    return List.of(
        binaries.binaries().getEtcd().getPath(),
        "--data-dir",
        workDir.resolve("etcd-data").toString(),
        "--wal-dir",
        workDir.resolve("etcd-wal").toString(),
        "--listen-client-urls",
        "http://127.0.0.1:" + port,
        "--advertise-client-urls",
        "http://127.0.0.1:" + port,
        "--listen-peer-urls",
        "http://127.0.0.1:" + peerPort,
        "--initial-advertise-peer-urls",
        "http://127.0.0.1:" + peerPort,
        "--initial-cluster",
        "default=http://127.0.0.1:" + peerPort,
        // Room for the opt-in benchmark of 100,000 tokens, their Secrets and Events (the
        // default quota of 2 GiB is reached before the API server's compaction frees it).
        "--quota-backend-bytes",
        Long.toString(8L * 1024 * 1024 * 1024));
  }

  /**
   * The flags kube-api-test starts kube-apiserver with, with this cluster's serving certificate,
   * and what the local node needs.
   */
  private List<String> apiServerCommand(int port, int etcdPort) {
    List<String> command = new ArrayList<>();
    command.add(binaries.binaries().getApiServer().getPath());
    command.addAll(config.getApiServerFlags());
    if (advertiseAddress != null) {
      command.addAll(List.of("--advertise-address", advertiseAddress));
    }
    command.addAll(
        List.of(
            "--cert-dir",
            config.getKubeAPITestDir(),
            "--tls-cert-file",
            pki.certificate("apiserver").toString(),
            "--tls-private-key-file",
            certificates.getAPIServerKeyPath(),
            // The node's kubelet serves with a certificate of the cluster's CA; the API server
            // calls it (logs, exec, port-forward) as a system:masters user, at its InternalIP.
            "--kubelet-certificate-authority",
            pki.caCertificate().toString(),
            "--kubelet-client-certificate",
            certificates.getClientCertPath(),
            "--kubelet-client-key",
            certificates.getClientKeyPath(),
            "--kubelet-preferred-address-types",
            "InternalIP",
            // Webhooks and aggregated APIs behind a Service are called at its endpoints (pod
            // addresses, routed to the node) rather than its ClusterIP, which only the node routes.
            "--enable-aggregator-routing=true",
            "--secure-port",
            Integer.toString(port),
            "--etcd-servers",
            "http://127.0.0.1:" + etcdPort,
            "--authorization-mode",
            "RBAC",
            "--service-account-issuer",
            "https://localhost",
            "--service-account-signing-key-file",
            certificates.getAPIServerKeyPath(),
            "--service-account-key-file",
            certificates.getAPIServerKeyPath(),
            "--client-ca-file",
            certificates.getClientCertPath(),
            "--service-cluster-ip-range",
            SERVICE_CIDR,
            "--allow-privileged"));
    return command;
  }

  /**
   * A kubeconfig for this cluster's {@code system:masters} user at {@code server} (which the
   * serving certificate must name), trusting the cluster's CA.
   */
  String kubeconfigYaml(String server, String name) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            certificate-authority: %2$s
            server: %3$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            namespace: default
            user: %1$s
        current-context: %1$s
        preferences: {}
        users:
        - name: %1$s
          user:
            client-certificate: %4$s
            client-key: %5$s
        """
        .formatted(
            name,
            pki.caCertificate(),
            server,
            certificates.getClientCertPath(),
            certificates.getClientKeyPath());
  }

  /**
   * The IPv4 address of the interface of the default route, which kube-apiserver would pick itself;
   * empty without a default route.
   */
  static Optional<String> primaryAddress() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 7 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
          java.net.NetworkInterface nic = java.net.NetworkInterface.getByName(fields[0]);
          if (nic != null) {
            Optional<String> address =
                nic.inetAddresses()
                    .filter(a -> a instanceof java.net.Inet4Address)
                    .map(java.net.InetAddress::getHostAddress)
                    .findFirst();
            if (address.isPresent()) {
              return address;
            }
          }
        }
      }
    } catch (IOException e) {
      log.debug("no routing table: {}", e.toString());
    }
    return Optional.empty();
  }

  private static boolean httpOk(String url) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ready, and the bootstrap controller has created the {@code default} namespace. */
  private static boolean apiServerReady(KubernetesClient client) {
    try {
      String readyz = client.getMasterUrl().toString().replaceAll("/+$", "") + "/readyz";
      return "ok".equals(client.raw(readyz))
          && client.namespaces().withName("default").get() != null;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /**
   * Starts the local node beside this API server (once; later calls return the same node), so that
   * pods run. See {@link LocalNode#unavailable} for what it needs.
   */
  public synchronized LocalNode startNode() {
    if (node == null) {
      LocalNode.unavailable(binaryDir)
          .ifPresent(
              why -> {
                throw new IllegalStateException("no local node: " + why);
              });
      if (advertiseAddress == null) {
        throw new IllegalStateException(
            "no local node: the machine has no default route, so the API server advertises no"
                + " address that pods could reach");
      }
      try (KubernetesClient client = newClient()) {
        node =
            LocalNode.start(
                workDir,
                new LocalNode.ClusterAccess(
                    kubeconfig,
                    kubeconfigYaml(
                        "https://" + advertiseAddress + ":" + apiServerPort, "keyward-node"),
                    pki,
                    Path.of(certificates.getClientCertPath()),
                    Path.of(certificates.getAPIServerKeyPath())),
                binaryDir,
                this::startChild,
                startupWait,
                client);
      }
    }
    return node;
  }

  public boolean hasControllerManager() {
    return processes.stream()
        .anyMatch(p -> p.name().equals("kube-controller-manager") && p.isAlive());
  }

  /** The processes of this cluster (etcd, kube-apiserver, kube-controller-manager). */
  public List<ProcessHandle> processes() {
    return Collections.unmodifiableList(processes.stream().map(ChildProcess::handle).toList());
  }

  /**
   * The address the API server advertises: the endpoint of the {@code kubernetes} Service, where
   * pods reach it (through the ClusterIP {@value #KUBERNETES_SERVICE_IP}); empty without a default
   * route.
   */
  public Optional<String> advertiseAddress() {
    return Optional.ofNullable(advertiseAddress);
  }

  /** The kubeconfig of a {@code system:masters} user at {@code https://127.0.0.1:<port>}. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  public Config clientConfig() {
    return Config.fromKubeconfig(kubeconfigYaml);
  }

  public KubernetesClient newClient() {
    return ClientConfigs.client(clientConfig());
  }

  public Path binary(String name) {
    return binaryDir.resolve(name);
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    // The API server and the controller manager first, etcd last.
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop();
    }
    if (workDir != null) {
      LocalClusterRecord.deleteRecursively(workDir);
    }
    if (record != null) {
      record.delete();
    }
  }
}
