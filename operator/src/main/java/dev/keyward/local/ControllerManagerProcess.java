package dev.keyward.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kube-controller-manager beside the local API server, so that owner-reference garbage
 * collection, namespace deletion and aggregated ClusterRoles (edit, admin, view) behave as in a
 * real cluster.
 */
final class ControllerManagerProcess {

  private static final Logger log = LoggerFactory.getLogger(ControllerManagerProcess.class);
  private static final Logger processLog =
      LoggerFactory.getLogger(ControllerManagerProcess.class.getName() + ".output");

  private final Path binary;
  private final Path kubeconfig;
  private Process process;

  ControllerManagerProcess(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  void start() {
    List<String> command =
        List.of(
            binary.toString(),
            "--kubeconfig=" + kubeconfig,
            // clusterrole-aggregation folds aggregate-to-* ClusterRoles into view/edit/admin.
            "--controllers=garbagecollector,namespace,serviceaccount,clusterrole-aggregation",
            "--leader-elect=false",
            "--secure-port=0",
            "--concurrent-gc-syncs=5",
            "--v=0");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start kube-controller-manager", e);
    }
    Thread pump =
        new Thread(
            () -> process.inputReader().lines().forEach(line -> processLog.debug("{}", line)),
            "kube-controller-manager-output");
    pump.setDaemon(true);
    pump.start();
    log.info("kube-controller-manager started (garbagecollector, namespace, serviceaccount)");
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
