package dev.keyward.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process of the local cluster (etcd, kube-apiserver, kube-controller-manager) that dies with the
 * JVM that started it, even when that JVM is killed with SIGKILL: it is started through {@code
 * setpriv --pdeathsig KILL}, so the kernel kills it when its parent goes away. Java cannot set the
 * parent-death signal itself.
 */
final class ChildProcess {

  /** Set to {@code false} to start children without the parent-death signal (tests only). */
  static final String PARENT_DEATH_SIGNAL_PROPERTY = "keyward.local.parentDeathSignal";

  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final Path SETPRIV = findSetpriv();

  /**
   * The kernel sends the parent-death signal when the <em>thread</em> that forked the child ends,
   * not only when the process does; so every child is forked by this one thread, which lives as
   * long as the JVM.
   */
  private static final ExecutorService LAUNCHER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "local-cluster-launcher");
            thread.setDaemon(true);
            return thread;
          });

  private final String name;
  private final Process process;

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts {@code command}; its output goes to the debug log of {@code <this class>.<name>}. */
  static ChildProcess start(String name, List<String> command) {
    List<String> wrapped = new ArrayList<>();
    if (SETPRIV != null && !"false".equals(System.getProperty(PARENT_DEATH_SIGNAL_PROPERTY))) {
      wrapped.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    }
    wrapped.addAll(command);
    Process process;
    try {
      process =
          LAUNCHER
              .submit(() -> new ProcessBuilder(wrapped).redirectErrorStream(true).start())
              .get();
    } catch (ExecutionException e) {
      throw new UncheckedIOException(
          "cannot start " + name,
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
    Logger output = LoggerFactory.getLogger(ChildProcess.class.getName() + "." + name);
    Thread pump =
        new Thread(
            () -> {
              try {
                process.inputReader().lines().forEach(line -> output.debug("{}", line));
              } catch (UncheckedIOException closed) {
                // the process has exited
              }
            },
            name + "-output");
    pump.setDaemon(true);
    pump.start();
    log.debug("{} started, pid {}", name, process.pid());
    return new ChildProcess(name, process);
  }

  static boolean diesWithParent() {
    return SETPRIV != null;
  }

  String name() {
    return name;
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Asks the process to stop, and kills it when it has not within ten seconds. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Path findSetpriv() {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setpriv"))) {
        return Path.of(dir, "setpriv");
      }
    }
    log.warn(
        "setpriv (util-linux) not found: the local cluster's processes outlive a killed JVM until"
            + " the next start cleans them up");
    return null;
  }
}
