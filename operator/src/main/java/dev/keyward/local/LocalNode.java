package dev.keyward.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * One node beside the local API server, so that pods really run: containerd (with runc and the CNI
 * bridge plugin, from the distribution), a kubelet that registers the Node {@value #NODE_NAME},
 * kube-scheduler, and a kube-controller-manager running the workload controllers (deployment,
 * replicaset, statefulset, daemonset) and the node lifecycle controller, which lifts the not-ready
 * taint. No registry is needed: {@code scripts/setup-local-node.sh} builds the images, which are
 * imported into this node's containerd at every start; {@value #PAUSE_IMAGE} is containerd's
 * sandbox image and {@value #WORKLOAD_IMAGE} (busybox: a shell and wget) runs workloads.
 *
 * <p>Everything lives under the cluster's working directory (containerd's root and state, the
 * kubelet's root, the pod logs, the network namespaces) and under the cgroup {@code /<dir name>};
 * {@link #close()} and the clean-up after a killed JVM ({@link #cleanUp(Path)}) kill what runs
 * there, unmount what is mounted there and delete it. Needs root, cgroups and Linux.
 */
public final class LocalNode implements AutoCloseable {

  public static final String NODE_NAME = "keyward-node";
  public static final String WORKLOAD_IMAGE = "keyward.local/busybox:1";
  public static final String PAUSE_IMAGE = "keyward.local/pause:1";

  /** Bridges {@code kwnode<n>} with the pod network {@code 10.244.<n>.0/24}: one per node. */
  static final String BRIDGE_PREFIX = "kwnode";

  private static final int MAX_NODES = 250;
  static final String NODE_DIR = "node";
  private static final List<String> IMAGE_FILES = List.of("pause.tar", "busybox.tar");
  private static final List<Path> CNI_DIRS =
      List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
  private static final List<String> TOOLS =
      List.of("containerd", "containerd-shim-runc-v2", "ctr", "runc", "umount", "ip");
  private static final Duration NODE_READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Logger log = LoggerFactory.getLogger(LocalNode.class);

  /** Starts a child process of the cluster (recorded, dies with the JVM). */
  interface Launcher {
    ChildProcess start(String name, List<String> command);
  }

  private final Path dir;
  private final Path socket;
  private final String cgroup;
  private final List<ChildProcess> processes = new ArrayList<>();
  private int network = -1;

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
    for (String binary : List.of("kubelet", "kube-scheduler", "kube-controller-manager")) {
      if (!Files.isExecutable(binaryDir.resolve(binary))) {
        return Optional.of(
            binary + " not found in " + binaryDir + ": run scripts/build-kube-binaries.sh");
      }
    }
    for (String image : IMAGE_FILES) {
      if (!Files.isRegularFile(imageDirectory().resolve(image))) {
        return Optional.of(
            image + " not found in " + imageDirectory() + ": run scripts/setup-local-node.sh");
      }
    }
    return Optional.empty();
  }

  /** Where {@code scripts/setup-local-node.sh} puts the image tarballs. */
  public static Path imageDirectory() {
    return LocalCluster.binaryDirectory("x").getParent().getParent().resolve("node-images");
  }

  static LocalNode start(
      Path clusterDir,
      Path kubeconfig,
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
      node.startProcesses(kubeconfig, binaryDir, launcher, wait, client);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    log.info("local node {} ready in {} ms", NODE_NAME, (System.nanoTime() - start) / 1_000_000);
    return node;
  }

  private void startProcesses(
      Path kubeconfig,
      Path binaryDir,
      Launcher launcher,
      StartupWait wait,
      KubernetesClient client) {
    network = claimBridge();
    NodeFiles files =
        new NodeFiles(
            dir,
            socket,
            cgroup,
            cniDir().orElseThrow(),
            BRIDGE_PREFIX + network,
            "10.244." + network + ".0/24",
            hostAddressForPods());
    files.write();
    ChildProcess containerd =
        launch(
            launcher,
            "containerd",
            List.of(
                onPath("containerd").orElseThrow().toString(),
                "--config",
                files.containerdConfig().toString()));
    wait.until("containerd", containerd, () -> run(ctr("version")) == 0);
    for (String image : IMAGE_FILES) {
      int exit =
          run(ctr("-n", "k8s.io", "images", "import", imageDirectory().resolve(image).toString()));
      if (exit != 0) {
        throw new IllegalStateException(
            "cannot import " + image + " into containerd: exit " + exit);
      }
    }
    ChildProcess kubelet =
        launch(launcher, "kubelet", files.kubeletCommand(binaryDir.resolve("kubelet"), kubeconfig));
    wait.until("kubelet", kubelet, () -> nodeReady(client));
    launch(
        launcher,
        "kube-scheduler",
        List.of(
            binaryDir.resolve("kube-scheduler").toString(),
            "--kubeconfig=" + kubeconfig,
            "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig,
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--v=0"));
    launch(
        launcher,
        "kube-controller-manager-node",
        ControllerManagerProcess.nodeCommand(
            binaryDir.resolve("kube-controller-manager"), kubeconfig));
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

  /** The bridge's address: where pods reach what listens on the host, such as Keyward's API. */
  public String hostAddressForPods() {
    return "10.244." + network + ".1";
  }

  /**
   * Creates the first free bridge {@code kwnode<n>} (creating it is what claims it, so that nodes
   * started at once never share a pod network) and records its name for the clean-up.
   */
  private int claimBridge() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int n = 0; n < MAX_NODES; n++) {
      if (!Files.exists(Path.of("/sys/class/net", BRIDGE_PREFIX + n))
          && run(List.of("ip", "link", "add", BRIDGE_PREFIX + n, "type", "bridge")) == 0) {
        try {
          Files.writeString(dir.resolve("bridge"), BRIDGE_PREFIX + n);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return n;
      }
    }
    throw new IllegalStateException("no free bridge " + BRIDGE_PREFIX + "0.." + (MAX_NODES - 1));
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

  /** The node's processes (containerd, kubelet, kube-scheduler, kube-controller-manager). */
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
