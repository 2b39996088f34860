package dev.keyward.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.testing.KeywardProcess;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pods of the local node outlive a JVM killed with SIGKILL (containerd's shims are not its
 * children), so the next start removes them: their processes, the mounts, the bridge and the
 * working directory.
 */
@Tag("node")
class LocalNodeCleanupIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration GONE_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void theNextStartRemovesThePodsAndMountsOfAKilledJvm() throws Exception {
    TestNode.assumeAvailable();
    try (KeywardProcess host =
        KeywardProcess.start(
            List.of(),
            List.of(
                "--local",
                "--local-node",
                "--examples",
                TestCluster.repoRoot().resolve("examples").toString(),
                "--http-port",
                "0",
                "--health-port",
                "0",
                "--metrics-port",
                "0"),
            Map.of())) {
      host.awaitOutput("  (ok) [0-9a-f]{12}", START_TIMEOUT);
      Path workDir =
          Path.of(host.awaitOutput("export KUBECONFIG=(\\S+)", START_TIMEOUT)).getParent();
      String bridge = Files.readString(workDir.resolve("node/bridge")).strip();
      List<ProcessHandle> containers = inCgroup(workDir.getFileName().toString());
      assertThat(containers).isNotEmpty();
      assertThat(mountsUnder(workDir)).isNotEmpty();

      host.kill();
      assertThat(containers).anyMatch(ProcessHandle::isAlive);

      LocalClusterRecord.cleanUpAbandoned();

      await()
          .atMost(GONE_TIMEOUT)
          .untilAsserted(() -> assertThat(containers).noneMatch(ProcessHandle::isAlive));
      assertThat(mountsUnder(workDir)).isEmpty();
      assertThat(Path.of("/sys/class/net", bridge)).doesNotExist();
      assertThat(workDir).doesNotExist();
    }
  }

  /** Processes whose cgroup lies under the node's own cgroup {@code /<work dir name>}. */
  private static List<ProcessHandle> inCgroup(String name) {
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cgroup"))
                    .contains("/" + name + "/");
              } catch (IOException | RuntimeException gone) {
                return false;
              }
            })
        .toList();
  }

  private static List<String> mountsUnder(Path dir) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(line -> line.split(" ")[4])
        .filter(point -> point.startsWith(dir + "/"))
        .toList();
  }
}
