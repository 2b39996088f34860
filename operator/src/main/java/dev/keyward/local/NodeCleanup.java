package dev.keyward.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what the local node leaves on the machine: the containers' processes (found through the
 * node's own cgroup), containerd's shims (whose command line names the node's socket), the mounts
 * under the node directory (Secret volumes, network namespaces, overlay roots), the host end of its
 * veth (with the host's route to the pod network), its network namespace (with the bridge and
 * kube-proxy's rules inside) and the cgroup.
 */
final class NodeCleanup {

  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final Logger log = LoggerFactory.getLogger(NodeCleanup.class);

  private NodeCleanup() {}

  /** Creates {@code /<name>} in every cgroup hierarchy: the kubelet's cgroupRoot must exist. */
  static void createCgroup(String name) {
    for (Path hierarchy : hierarchies()) {
      try {
        Files.createDirectories(hierarchy.resolve(name));
      } catch (IOException e) {
        log.debug("cannot create cgroup {} in {}: {}", name, hierarchy, e.toString());
      }
    }
  }

  /** Kills every process in the node's cgroup: the containers, their pause processes. */
  static void killContainers(Path nodeDir, String cgroup) {
    for (Path hierarchy : hierarchies()) {
      Path root = hierarchy.resolve(cgroup);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(f -> f.getFileName().toString().equals("cgroup.procs"))
            .forEach(NodeCleanup::killAll);
      } catch (IOException | RuntimeException e) {
        log.debug("cannot walk {}: {}", root, e.toString());
      }
    }
  }

  /** Kills the shims, unmounts everything under the node directory, removes the cgroup. */
  static void cleanUp(Path nodeDir, String cgroup) {
    String socket = nodeDir.resolve("containerd.sock").toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(socket)).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    unmountUnder(nodeDir);
    try {
      Path bridge = nodeDir.resolve("bridge");
      if (Files.exists(bridge)) {
        LocalNode.run(List.of("ip", "link", "del", Files.readString(bridge).strip()));
        Files.delete(bridge);
      }
    } catch (IOException e) {
      log.debug("cannot remove the node's bridge: {}", e.toString());
    }
    try {
      Path netns = nodeDir.resolve("netns");
      if (Files.exists(netns)) {
        String name = Files.readString(netns).strip();
        // What still runs in the namespace (kube-proxy, CoreDNS of a killed JVM) keeps it alive.
        killInNetns(name);
        LocalNode.run(List.of("ip", "netns", "del", name));
        Files.delete(netns);
      }
    } catch (IOException e) {
      log.debug("cannot remove the node's network namespace: {}", e.toString());
    }
    for (Path hierarchy : hierarchies()) {
      Path root = hierarchy.resolve(cgroup);
      if (Files.isDirectory(root)) {
        try (Stream<Path> dirs = Files.walk(root)) {
          dirs.filter(Files::isDirectory)
              .sorted(Comparator.reverseOrder())
              .forEach(
                  d -> {
                    try {
                      Files.delete(d);
                    } catch (IOException busy) {
                      log.debug("cgroup {} not removed: {}", d, busy.toString());
                    }
                  });
        } catch (IOException | RuntimeException e) {
          log.debug("cannot remove cgroup {}: {}", root, e.toString());
        }
      }
    }
  }

  /**
   * Cluster directories with node mounts but without a record: left by a killed JVM whose record
   * was removed by a start that did not know about nodes.
   */
  static java.util.Set<Path> unrecordedNodes(java.util.Set<Path> recorded) {
    java.util.Set<Path> found = new java.util.HashSet<>();
    for (String point : mountPoints()) {
      int node = point.indexOf("/" + LocalNode.NODE_DIR + "/");
      if (node > 0 && point.substring(0, node).matches(".*/keyward-local-[0-9]+")) {
        Path clusterDir = Path.of(point.substring(0, node));
        if (!recorded.contains(clusterDir)) {
          found.add(clusterDir);
        }
      }
    }
    return found;
  }

  private static List<String> mountPoints() {
    List<String> points = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4) {
          points.add(fields[4].replace("\\040", " "));
        }
      }
    } catch (IOException e) {
      log.debug("cannot read the mounts: {}", e.toString());
    }
    return points;
  }

  private static void unmountUnder(Path dir) {
    String prefix = dir.toString() + "/";
    List<String> mounts = mountPoints().stream().filter(p -> p.startsWith(prefix)).toList();
    mounts.stream()
        .distinct()
        .sorted(Comparator.comparing(String::length).reversed())
        .forEach(point -> LocalNode.run(List.of("umount", "-l", point)));
  }

  private static void killInNetns(String name) {
    Path netns = LocalNode.netnsPath(name);
    if (!Files.exists(netns)) {
      return;
    }
    try {
      Object key = Files.getAttribute(netns, "unix:ino");
      ProcessHandle.allProcesses()
          .filter(p -> p.pid() != ProcessHandle.current().pid())
          .filter(
              p -> {
                try {
                  return key.equals(
                      Files.getAttribute(
                          Path.of("/proc", Long.toString(p.pid()), "ns", "net"), "unix:ino"));
                } catch (IOException | RuntimeException gone) {
                  return false;
                }
              })
          .forEach(ProcessHandle::destroyForcibly);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot find the processes in {}: {}", name, e.toString());
    }
  }

  private static void killAll(Path procs) {
    try {
      for (String pid : Files.readAllLines(procs)) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException | NumberFormatException e) {
      log.debug("cannot read {}: {}", procs, e.toString());
    }
  }

  /** The cgroup v1 hierarchies (cpu, memory, pids, …), or the unified v2 one. */
  private static List<Path> hierarchies() {
    if (Files.exists(CGROUPS.resolve("cgroup.controllers"))) {
      return List.of(CGROUPS);
    }
    try (Stream<Path> entries = Files.list(CGROUPS)) {
      return entries
          .filter(Files::isDirectory)
          .filter(d -> !d.getFileName().toString().equals("unified"))
          .filter(d -> !Files.isSymbolicLink(d))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
