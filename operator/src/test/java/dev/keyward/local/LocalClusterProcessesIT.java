package dev.keyward.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.testing.KeywardProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The processes of a local cluster do not outlive the JVM that hosts it, even when it is killed
 * with SIGKILL; and what a killed JVM left anyway is cleaned up by the next start.
 */
class LocalClusterProcessesIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration GONE_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void processesOfTheLocalClusterDieWhenItsJvmIsKilled() throws Exception {
    try (KeywardProcess host =
        KeywardProcess.start(List.of(), List.of("--local-cluster-only"), Map.of())) {
      host.awaitOutput("export KUBECONFIG=(\\S+)", START_TIMEOUT);
      List<ProcessHandle> children = host.handle().descendants().toList();
      assertThat(children)
          .extracting(LocalClusterProcessesIT::program)
          .contains("etcd", "kube-apiserver", "kube-controller-manager");

      host.kill();

      await()
          .atMost(GONE_TIMEOUT)
          .untilAsserted(() -> assertThat(children).noneMatch(LocalClusterProcessesIT::running));
    } finally {
      // The killed JVM could not delete its working directory; the next start would.
      LocalClusterRecord.cleanUpAbandoned();
    }
  }

  @Test
  void nextStartCleansUpWhatAKilledJvmLeftBehind() throws Exception {
    // Without the parent-death signal the processes outlive their JVM, as on a machine without
    // setpriv.
    try (KeywardProcess host =
        KeywardProcess.start(
            List.of("-D" + ChildProcess.PARENT_DEATH_SIGNAL_PROPERTY + "=false"),
            List.of("--local-cluster-only"),
            Map.of())) {
      Path kubeconfig = Path.of(host.awaitOutput("export KUBECONFIG=(\\S+)", START_TIMEOUT));
      List<ProcessHandle> children = host.handle().descendants().toList();
      assertThat(children).hasSizeGreaterThanOrEqualTo(3);

      host.kill();
      assertThat(children).allMatch(LocalClusterProcessesIT::running);
      assertThat(kubeconfig).exists();

      LocalClusterRecord.cleanUpAbandoned();

      await()
          .atMost(GONE_TIMEOUT)
          .untilAsserted(() -> assertThat(children).noneMatch(LocalClusterProcessesIT::running));
      assertThat(kubeconfig.getParent()).doesNotExist();
    }
  }

  private static String program(ProcessHandle process) {
    return process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("");
  }

  /** Alive and not a zombie waiting to be reaped (a killed process counts as gone). */
  private static boolean running(ProcessHandle process) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException gone) {
      return false;
    }
  }
}
