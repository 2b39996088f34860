package dev.keyward.local;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node beside the local API server, so that pods really run, in a cluster the way users have
 * one: containerd (with runc and the CNI bridge plugin, from the distribution), a kubelet that
 * registers the Node {@value #NODE_NAME} and serves on the node address (webhook authentication and
 * authorization: {@code kubectl logs}, {@code exec} and {@code port-forward} work), kube-proxy
 * (iptables mode: ClusterIP Services route, the {@code kubernetes} Service reaches the API server),
 * CoreDNS (the {@code kube-dns} Service at {@value #DNS_SERVICE_IP}: {@code <svc>.<ns>.svc} names
 * resolve in pods), kube-scheduler, and a kube-controller-manager running the workload, endpoint,
 * node lifecycle, root CA publisher and ServiceAccount token controllers. No registry is needed:
 * {@code scripts/setup-local-node.sh} builds the images, which are imported into this node's
 * containerd at every start ({@link #importImage} imports more); {@value #PAUSE_IMAGE} is
 * containerd's sandbox image and {@value #WORKLOAD_IMAGE} (busybox: a shell, wget, nslookup, httpd)
 * runs workloads.
 *
 * <p>The node is a network namespace of its own, {@code kwnode<n>} (claimed by creating it, so that
 * nodes started at once, also by other clusters on the machine, never share one), joined to the
 * host by a veth pair: the host end {@code kwnode<n>} is {@code 10.243.<n>.1} ({@link
 * #hostAddressForPods()}: where pods reach what listens on the host), the node end {@code
 * 10.243.<n>.2} ({@link #nodeAddress()}: the Node's InternalIP). Inside are the bridge of the pod
 * network {@code 10.244.<n>.0/24}, kube-proxy's iptables rules, IP forwarding and {@code
 * bridge-nf-call-iptables}, so several nodes' Services (all clusters use {@value
 * LocalCluster#SERVICE_CIDR}) never mix and nothing of it touches the host's firewall. The host
 * routes the pod network to the node. containerd, the kubelet, kube-proxy and CoreDNS run in that
 * namespace ({@code nsenter --net}; the mount namespace stays the host's); kube-scheduler and the
 * controller manager on the host.
 *
 * <p>Everything else lives under the cluster's working directory (containerd's root and state, the
 * kubelet's root, the pod logs, the network namespaces of the pods) and under the cgroup {@code
 * /<dir name>}; {@link #close()} and the clean-up after a killed JVM ({@link #cleanUp(Path)}) kill
 * what runs there, unmount what is mounted there, delete the namespace and the directory. Needs
 * root, cgroups and Linux.
 */
public final class LocalNode implements AutoCloseable {

  public static final String NODE_NAME = "keyward-node";
  public static final String WORKLOAD_IMAGE = "keyward.local/busybox:1";
  public static final String PAUSE_IMAGE = "keyward.local/pause:1";

  /** The ClusterIP of the {@code kube-dns} Service in {@code kube-system}: CoreDNS. */
  public static final String DNS_SERVICE_IP = "10.0.0.10";

  public static final String CLUSTER_DOMAIN = "cluster.local";

  /** Why NetworkPolicies are not enforced on a node without kube-router. */
  public static final String NETWORK_POLICY_MISSING =
      "NetworkPolicies are not enforced on this node: kube-router (scripts/build-cluster-tools.sh)"
          + " or ipset (scripts/setup-local-node.sh) is missing";

  /** Network namespaces and host veths {@code kwnode<n>}, pod networks {@code 10.244.<n>.0/24}. */
  static final String BRIDGE_PREFIX = "kwnode";

  private static final int MAX_NODES = 250;
  static final String NODE_DIR = "node";
  private static final List<String> IMAGE_FILES = List.of("pause.tar", "busybox.tar");
  private static final List<Path> CNI_DIRS =
      List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
  private static final List<String> TOOLS =
      List.of(
          "containerd",
          "containerd-shim-runc-v2",
          "ctr",
          "runc",
          "umount",
          "ip",
          "nsenter",
          "iptables",
          "iptables-save",
          "iptables-restore");
  private static final Path BRIDGE_NF_CALL_IPTABLES =
      Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
  private static final Duration NODE_READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(LocalNode.class);

  /** Starts a child process of the cluster (recorded, dies with the JVM). */
  interface Launcher {
    ChildProcess start(String name, List<String> command);
  }

  /**
   * How the node reaches the cluster: the host's kubeconfig (loopback, for kube-scheduler and the
   * controller manager), the one for the node's namespace (the advertise address), the cluster's
   * certificates (the kubelet's serving certificate is issued by its CA), the client CA the kubelet
   * trusts (the API server calls it with that client certificate) and the ServiceAccount signing
   * key.
   */
  record ClusterAccess(
      Path hostKubeconfig,
      String nodeKubeconfigYaml,
      ClusterCertificates pki,
      Path clientCa,
      Path serviceAccountKey) {}

  private final Path dir;
  private final Path socket;
  private final String cgroup;
  private final List<ChildProcess> processes = new ArrayList<>();
  private int network = -1;
  private boolean networkPolicies;

  private LocalNode(Path dir) {
    this.dir = dir;
    this.socket = dir.resolve("containerd.sock");
    this.cgroup = cgroupOf(dir);
  }

  /** Why no node can run here, or empty when it can. */
  public static Optional<String> unavailable(Path binaryDir) {
    if (!"Linux".equals(System.getProperty("os.name"))) {
      return Optional.of("the local node runs on Linux only");
    }
    if (!isRoot()) {
      return Optional.of("the local node needs root (containerd, kubelet, mounts, cgroups)");
    }
    for (String tool : TOOLS) {
      if (onPath(tool).isEmpty()) {
        return Optional.of(tool + " not found: run scripts/setup-local-node.sh");
      }
    }
    if (cniDir().isEmpty()) {
      return Optional.of("the CNI bridge plugin is missing: run scripts/setup-local-node.sh");
    }
    if (!Files.exists(BRIDGE_NF_CALL_IPTABLES)) {
      run(List.of("modprobe", "br_netfilter"));
      if (!Files.exists(BRIDGE_NF_CALL_IPTABLES)) {
        return Optional.of(
            "br_netfilter is not available (not built in, and modprobe br_netfilter failed):"
                + " kube-proxy's rules would not see the traffic between pods on the node's bridge");
      }
    }
    if (run(List.of(onPath("iptables").orElseThrow().toString(), "-t", "nat", "-S")) != 0) {
      return Optional.of(
          "iptables -t nat does not work here (no nat table in the kernel?): kube-proxy needs it");
    }
    for (String binary :
        List.of("kubelet", "kube-scheduler", "kube-controller-manager", "kube-proxy")) {
      if (!Files.isExecutable(binaryDir.resolve(binary))) {
        return Optional.of(
            binary + " not found in " + binaryDir + ": run scripts/build-kube-binaries.sh");
      }
    }
    if (!Files.isExecutable(clusterToolsDirectory().resolve("coredns"))) {
      return Optional.of(
          "coredns not found in "
              + clusterToolsDirectory()
              + ": run scripts/build-cluster-tools.sh (it needs Go)");
    }
    for (String image : IMAGE_FILES) {
      if (!Files.isRegularFile(imageDirectory().resolve(image))) {
        return Optional.of(
            image + " not found in " + imageDirectory() + ": run scripts/setup-local-node.sh");
      }
    }
    if (LocalCluster.primaryAddress().isEmpty()) {
      return Optional.of(
          "the machine has no default route: the API server advertises no address pods reach");
    }
    return Optional.empty();
  }

  /** Where {@code scripts/build-cluster-tools.sh} puts coredns and helm. */
  public static Path clusterToolsDirectory() {
    return LocalCluster.binaryDirectory("x").getParent().getParent().resolve("cluster-tools");
  }

  /** Where {@code scripts/setup-local-node.sh} puts the image tarballs. */
  public static Path imageDirectory() {
    return LocalCluster.binaryDirectory("x").getParent().getParent().resolve("node-images");
  }

  static LocalNode start(
      Path clusterDir,
      ClusterAccess cluster,
      Path binaryDir,
      Launcher launcher,
      StartupWait wait,
      KubernetesClient client) {
    long start = System.nanoTime();
    for (Path abandoned : NodeCleanup.unrecordedNodes(LocalClusterRecord.recordedWorkDirs())) {
      log.info("cleaning up the local node left in {}", abandoned);
      cleanUp(abandoned);
      LocalClusterRecord.deleteRecursively(abandoned);
    }
    LocalNode node = new LocalNode(clusterDir.resolve(NODE_DIR));
    try {
      node.startProcesses(cluster, binaryDir, launcher, wait, client);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    log.info("local node {} ready in {} ms", NODE_NAME, (System.nanoTime() - start) / 1_000_000);
    return node;
  }

  private void startProcesses(
      ClusterAccess cluster,
      Path binaryDir,
      Launcher launcher,
      StartupWait wait,
      KubernetesClient client) {
    network = claimNetwork();
    connectNetwork();
    cluster
        .pki()
        .issue("kubelet-" + network, NODE_NAME, List.of(nodeAddress()), List.of(NODE_NAME));
    NodeFiles files =
        new NodeFiles(
            dir,
            socket,
            cgroup,
            cniDir().orElseThrow(),
            "10.244." + network + ".0/24",
            "10.244." + network + ".1",
            nodeAddress(),
            cluster.clientCa(),
            cluster.pki().certificate("kubelet-" + network),
            cluster.pki().key("kubelet-" + network));
    files.write(cluster.nodeKubeconfigYaml());
    Path hostKubeconfig = cluster.hostKubeconfig();
    ChildProcess containerd =
        launchInNode(
            launcher,
            "containerd",
            List.of(
                onPath("containerd").orElseThrow().toString(),
                "--config",
                files.containerdConfig().toString()));
    // kube-proxy and CoreDNS need only the API server: they start while containerd does.
    createDnsService(client);
    ChildProcess kubeProxy =
        launchInNode(
            launcher, "kube-proxy", files.kubeProxyCommand(binaryDir.resolve("kube-proxy")));
    ChildProcess coredns =
        launchInNode(
            launcher, "coredns", files.corednsCommand(clusterToolsDirectory().resolve("coredns")));
    wait.until("containerd", containerd, () -> run(ctr("version")) == 0);
    for (String image : IMAGE_FILES) {
      importImage(imageDirectory().resolve(image));
    }
    ChildProcess kubelet =
        launchInNode(launcher, "kubelet", files.kubeletCommand(binaryDir.resolve("kubelet")));
    launch(
        launcher,
        "kube-scheduler",
        List.of(
            binaryDir.resolve("kube-scheduler").toString(),
            "--kubeconfig=" + hostKubeconfig,
            "--authentication-kubeconfig=" + hostKubeconfig,
            "--authorization-kubeconfig=" + hostKubeconfig,
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--v=0"));
    launch(
        launcher,
        "kube-controller-manager-node",
        ControllerManagerProcess.nodeCommand(
            binaryDir.resolve("kube-controller-manager"),
            hostKubeconfig,
            cluster.pki().caCertificate(),
            cluster.serviceAccountKey()));
    wait.until("kubelet", kubelet, () -> nodeReady(client));
    // NetworkPolicies, where kube-router was built (without it they are stored, not enforced); it
    // needs the Node object, which the kubelet has just registered.
    Path kubeRouter = clusterToolsDirectory().resolve("kube-router");
    ChildProcess router = null;
    if (Files.isExecutable(kubeRouter) && onPath("ipset").isPresent()) {
      router = launchInNode(launcher, "kube-router", files.kubeRouterCommand(kubeRouter));
    }
    String node = nodeAddress();
    wait.until(
        "kube-proxy",
        kubeProxy,
        () -> httpOk("http://" + node + ":" + NodeFiles.KUBE_PROXY_HEALTHZ_PORT + "/healthz"));
    wait.until(
        "coredns",
        coredns,
        () -> httpOk("http://" + node + ":" + NodeFiles.COREDNS_READY_PORT + "/ready"));
    if (router != null) {
      // Optional: a kube-router that cannot run here leaves the node without policies, not broken.
      try {
        wait.until(
            "kube-router",
            router,
            () -> httpOk("http://" + node + ":" + NodeFiles.KUBE_ROUTER_HEALTH_PORT + "/healthz"));
        networkPolicies = true;
      } catch (RuntimeException e) {
        log.warn("kube-router did not start; NetworkPolicies are not enforced: {}", e.getMessage());
        router.stop();
      }
    }
  }

  /** Whether this node enforces NetworkPolicies (kube-router runs as its policy controller). */
  public boolean enforcesNetworkPolicy() {
    return networkPolicies;
  }

  /**
   * The Service {@code kube-system/kube-dns} at {@value #DNS_SERVICE_IP}, without a selector: its
   * EndpointSlice names CoreDNS on the node address.
   */
  private void createDnsService(KubernetesClient client) {
    List<ServicePort> ports =
        List.of(
            new ServicePortBuilder()
                .withName("dns")
                .withProtocol("UDP")
                .withPort(53)
                .withTargetPort(new IntOrString(53))
                .build(),
            new ServicePortBuilder()
                .withName("dns-tcp")
                .withProtocol("TCP")
                .withPort(53)
                .withTargetPort(new IntOrString(53))
                .build());
    client
        .services()
        .inNamespace("kube-system")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("kube-dns")
                .addToLabels("k8s-app", "kube-dns")
                .addToLabels("kubernetes.io/name", "CoreDNS")
                .endMetadata()
                .withNewSpec()
                .withClusterIP(DNS_SERVICE_IP)
                .withPorts(ports)
                .endSpec()
                .build())
        .serverSideApply();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("kube-system")
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("kube-dns-" + NODE_NAME)
                .addToLabels("kubernetes.io/service-name", "kube-dns")
                .addToLabels("endpointslice.kubernetes.io/managed-by", "keyward.dev-local-node")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses(nodeAddress())
                .withNodeName(NODE_NAME)
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .addNewPort()
                .withName("dns")
                .withProtocol("UDP")
                .withPort(53)
                .endPort()
                .addNewPort()
                .withName("dns-tcp")
                .withProtocol("TCP")
                .withPort(53)
                .endPort()
                .build())
        .serverSideApply();
  }

  private ChildProcess launchInNode(Launcher launcher, String name, List<String> command) {
    List<String> inNamespace =
        new ArrayList<>(
            List.of(
                onPath("nsenter").orElseThrow().toString(),
                "--net=" + netnsPath(BRIDGE_PREFIX + network),
                "--"));
    inNamespace.addAll(command);
    return launch(launcher, name, inNamespace);
  }

  private ChildProcess launch(Launcher launcher, String name, List<String> command) {
    ChildProcess child = launcher.start(name, command);
    processes.add(child);
    return child;
  }

  private static boolean nodeReady(KubernetesClient client) {
    try {
      Node node = client.nodes().withName(NODE_NAME).get();
      return node != null
          && node.getStatus() != null
          && node.getStatus().getConditions() != null
          && node.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /**
   * The host's address on the node's link: where pods reach what listens on the host (on every
   * address, or on this one), such as Keyward's API.
   */
  public String hostAddressForPods() {
    return "10.243." + network + ".1";
  }

  /**
   * The node's address: the Node's InternalIP, where the kubelet serves (the API server calls it
   * there) and CoreDNS answers.
   */
  public String nodeAddress() {
    return "10.243." + network + ".2";
  }

  /** The pod network of this node. */
  public String podSubnet() {
    return "10.244." + network + ".0/24";
  }

  /**
   * Creates the first free network namespace {@code kwnode<n>} (creating it is what claims it, so
   * that nodes started at once never share a pod network) and records its name, which is also the
   * name of the host end of the veth, for the clean-up.
   */
  private int claimNetwork() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int n = 0; n < MAX_NODES; n++) {
      String name = BRIDGE_PREFIX + n;
      if (!Files.exists(Path.of("/sys/class/net", name))
          && !Files.exists(netnsPath(name))
          && run(List.of("ip", "netns", "add", name)) == 0) {
        try {
          Files.writeString(dir.resolve("netns"), name);
          Files.writeString(dir.resolve("bridge"), name);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return n;
      }
    }
    throw new IllegalStateException(
        "no free network namespace " + BRIDGE_PREFIX + "0.." + (MAX_NODES - 1));
  }

  /**
   * The veth pair between the host and the node's namespace, the routes (the node's default route
   * to the host, the host's route to the pod network), and in the namespace IP forwarding and
   * bridge-nf-call-iptables (per namespace; the host's stay as they are).
   */
  private void connectNetwork() {
    String ns = BRIDGE_PREFIX + network;
    List<List<String>> commands =
        List.of(
            List.of("ip", "link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns),
            List.of("ip", "addr", "add", hostAddressForPods() + "/24", "dev", ns),
            List.of("ip", "link", "set", ns, "up"),
            List.of("ip", "-n", ns, "link", "set", "lo", "up"),
            List.of("ip", "-n", ns, "addr", "add", nodeAddress() + "/24", "dev", "eth0"),
            List.of("ip", "-n", ns, "link", "set", "eth0", "up"),
            List.of("ip", "-n", ns, "route", "add", "default", "via", hostAddressForPods()),
            List.of("ip", "route", "add", podSubnet(), "via", nodeAddress(), "dev", ns),
            inNode(
                ns,
                "sh",
                "-c",
                "echo 1 > /proc/sys/net/ipv4/ip_forward"
                    + " && echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables"));
    for (List<String> command : commands) {
      int exit = run(command);
      if (exit != 0) {
        throw new IllegalStateException(
            "cannot set up the node's network: " + String.join(" ", command) + " exited " + exit);
      }
    }
  }

  private static List<String> inNode(String ns, String... command) {
    List<String> full =
        new ArrayList<>(
            List.of(onPath("nsenter").orElseThrow().toString(), "--net=" + netnsPath(ns), "--"));
    full.addAll(List.of(command));
    return full;
  }

  static Path netnsPath(String name) {
    return Path.of("/run/netns", name);
  }

  /**
   * Imports an image tarball (docker-archive or OCI layout, as {@code docker save}, Jib's {@code
   * jib:buildTar} or {@code scripts/setup-local-node.sh} write it) into the node's containerd,
   * where the kubelet finds it: pods with {@code imagePullPolicy: IfNotPresent} (or {@code Never})
   * run it without a registry. With {@code alsoTagAs}, the image (the first one of the tarball) is
   * also given those names. Returns the names the image has now.
   */
  public List<String> importImage(Path tarball, String... alsoTagAs) {
    List<String> command = ctr("-n", "k8s.io", "images", "import", tarball.toString());
    Output output = runForOutput(command);
    if (output.exit() != 0) {
      throw new IllegalStateException(
          "cannot import "
              + tarball
              + " into the node's containerd: exit "
              + output.exit()
              + ": "
              + output.text().strip());
    }
    List<String> names = new ArrayList<>();
    java.util.regex.Matcher unpacked =
        java.util.regex.Pattern.compile("unpacking (\\S+) \\(sha256:").matcher(output.text());
    while (unpacked.find()) {
      names.add(unpacked.group(1));
    }
    if (alsoTagAs.length > 0) {
      if (names.isEmpty()) {
        throw new IllegalStateException("no image named in " + tarball + ": " + output.text());
      }
      for (String name : alsoTagAs) {
        Output tagged =
            runForOutput(ctr("-n", "k8s.io", "images", "tag", "--force", names.get(0), name));
        if (tagged.exit() != 0) {
          throw new IllegalStateException(
              "cannot tag " + names.get(0) + " as " + name + ": " + tagged.text().strip());
        }
        names.add(name);
      }
    }
    log.info("imported {} into the local node: {}", tarball.getFileName(), names);
    return names;
  }

  /** The names of the images in the node's containerd. */
  public List<String> images() {
    Output output = runForOutput(ctr("-n", "k8s.io", "images", "list", "--quiet"));
    return output.text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /**
   * The log of a container read through the API ({@code kubectl logs}: the API server asks the
   * kubelet), each line prefixed with its RFC 3339 time and a space; empty while the container has
   * not started or when the pod is gone.
   */
  public static List<String> podLog(
      KubernetesClient client, String namespace, String pod, String container) {
    try {
      String text =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer(container)
              .usingTimestamps()
              .getLog();
      return text == null || text.isEmpty() ? List.of() : text.lines().toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 400 || e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  /** What {@link #exec} returns: the exit code and what the command wrote to stdout and stderr. */
  public record ExecResult(int exitCode, String stdout, String stderr) {}

  /**
   * Runs a command in a container through the API ({@code kubectl exec}: the API server asks the
   * kubelet, which asks containerd) and waits up to a minute for it to end.
   */
  public static ExecResult exec(
      KubernetesClient client, String namespace, String pod, String container, String... command) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .writingOutput(out)
            .writingError(err)
            .exec(command)) {
      int exit = watch.exitCode().get(1, TimeUnit.MINUTES);
      return new ExecResult(
          exit,
          out.toString(java.nio.charset.StandardCharsets.UTF_8),
          err.toString(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("exec " + List.of(command) + " in " + pod + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during exec in " + pod, e);
    }
  }

  /**
   * The lines a container wrote to stdout and stderr, as the kubelet logs them (each line prefixed
   * with its RFC 3339 time and stream), from the node's pod log directory; all restarts of the
   * container, oldest first.
   */
  public List<String> containerLog(String namespace, String pod, String container) {
    Path logs = dir.resolve("pod-logs");
    try (Stream<Path> pods = Files.list(logs)) {
      Optional<Path> podDir =
          pods.filter(p -> p.getFileName().toString().startsWith(namespace + "_" + pod + "_"))
              .findFirst();
      if (podDir.isEmpty() || !Files.isDirectory(podDir.get().resolve(container))) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(podDir.get().resolve(container))) {
        List<String> lines = new ArrayList<>();
        for (Path file :
            files
                .filter(f -> f.getFileName().toString().matches("[0-9]+\\.log"))
                .sorted((a, b) -> Integer.compare(restartOf(a), restartOf(b)))
                .toList()) {
          lines.addAll(Files.readAllLines(file));
        }
        return lines;
      }
    } catch (IOException e) {
      return List.of();
    }
  }

  private static int restartOf(Path logFile) {
    String name = logFile.getFileName().toString();
    return Integer.parseInt(name.substring(0, name.indexOf('.')));
  }

  /**
   * The node's processes (containerd, kube-proxy, coredns, kubelet, kube-scheduler,
   * kube-controller-manager).
   */
  List<ChildProcess> processes() {
    return processes;
  }

  /** Stops the kubelet first (no container restarts), then kills the pods, then containerd. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      if (!processes.get(i).name().equals("containerd")) {
        processes.get(i).stop();
      }
    }
    NodeCleanup.killContainers(dir, cgroup);
    processes.stream().filter(p -> p.name().equals("containerd")).forEach(ChildProcess::stop);
    NodeCleanup.cleanUp(dir, cgroup);
  }

  /** After a killed JVM: what its node left under {@code clusterDir} is killed and unmounted. */
  static void cleanUp(Path clusterDir) {
    Path nodeDir = clusterDir.resolve(NODE_DIR);
    if (Files.isDirectory(nodeDir)) {
      NodeCleanup.killContainers(nodeDir, cgroupOf(nodeDir));
      NodeCleanup.cleanUp(nodeDir, cgroupOf(nodeDir));
    }
  }

  private static String cgroupOf(Path nodeDir) {
    return nodeDir.getParent().getFileName().toString();
  }

  private List<String> ctr(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(onPath("ctr").orElseThrow().toString(), "--address", socket.toString()));
    command.addAll(List.of(args));
    return command;
  }

  static int run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      if (process.exitValue() != 0) {
        log.debug("{} exited {}: {}", command, process.exitValue(), output.strip());
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private record Output(int exit, String text) {}

  private static Output runForOutput(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return new Output(-1, output);
      }
      return new Output(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Output(-1, "interrupted");
    }
  }

  private static boolean httpOk(String url) {
    try {
      java.net.http.HttpClient http =
          java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      java.net.http.HttpRequest request =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
              .timeout(Duration.ofSeconds(2))
              .build();
      return http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Optional<Path> onPath(String tool) {
    String path =
        System.getenv().getOrDefault("PATH", "")
            + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (String entry : path.split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, tool))) {
        return Optional.of(Path.of(entry, tool));
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> cniDir() {
    return CNI_DIRS.stream().filter(d -> Files.isExecutable(d.resolve("bridge"))).findFirst();
  }

  private static boolean isRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Uid:"))
          .anyMatch(l -> l.split("\\s+")[1].equals("0"));
    } catch (IOException e) {
      return false;
    }
  }
}
