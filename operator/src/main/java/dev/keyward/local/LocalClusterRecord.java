package dev.keyward.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running local cluster's entry in a per-user state directory: the JVM that hosts it, its child
 * processes and its working directory. A JVM that is killed cannot clean up; the next start finds
 * its entry, kills what is left of its processes and deletes its directory.
 */
final class LocalClusterRecord {

  private static final Logger log = LoggerFactory.getLogger(LocalClusterRecord.class);

  private final Path file;
  private final Path workDir;
  private final List<ProcessHandle> children = new ArrayList<>();

  private LocalClusterRecord(Path file, Path workDir) {
    this.file = file;
    this.workDir = workDir;
  }

  /** {@code $XDG_STATE_HOME/keyward/local-clusters}, else {@code ~/.local/state/…}. */
  static Path directory() {
    String stateHome = System.getenv("XDG_STATE_HOME");
    Path base =
        stateHome != null && !stateHome.isBlank()
            ? Path.of(stateHome)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("keyward").resolve("local-clusters");
  }

  /** Records this JVM as the host of a local cluster working in {@code workDir}. */
  static LocalClusterRecord create(Path workDir) {
    ProcessHandle self = ProcessHandle.current();
    LocalClusterRecord record =
        new LocalClusterRecord(
            directory().resolve(self.pid() + "-" + workDir.getFileName() + ".properties"), workDir);
    record.write();
    return record;
  }

  void addChild(ProcessHandle child) {
    children.add(child);
    write();
  }

  /** The cluster was shut down properly: nothing left to clean up. */
  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("could not delete {}", file, e);
    }
  }

  /**
   * Cleans up after every local cluster whose hosting JVM is gone: kills its remaining processes
   * and deletes its working directory. Clusters of running JVMs are left alone.
   */
  static void cleanUpAbandoned() {
    Path dir = directory();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.properties")) {
      for (Path entry : entries) {
        cleanUpIfAbandoned(entry);
      }
    } catch (IOException e) {
      log.warn("cannot read {}: {}", dir, e.toString());
    }
  }

  /** The working directories of every recorded local cluster, running or not yet cleaned up. */
  static java.util.Set<Path> recordedWorkDirs() {
    java.util.Set<Path> dirs = new java.util.HashSet<>();
    Path dir = directory();
    if (!Files.isDirectory(dir)) {
      return dirs;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.properties")) {
      for (Path entry : entries) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(entry)) {
          properties.load(in);
        } catch (IOException e) {
          continue;
        }
        Optional.ofNullable(properties.getProperty("workDir")).map(Path::of).ifPresent(dirs::add);
      }
    } catch (IOException e) {
      log.warn("cannot read {}: {}", dir, e.toString());
    }
    return dirs;
  }

  private static void cleanUpIfAbandoned(Path entry) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(entry)) {
      properties.load(in);
    } catch (IOException e) {
      return; // being written or already removed by another start
    }
    if (isRunning(properties.getProperty("host"))) {
      return;
    }
    for (String child : properties.getProperty("children", "").split(",")) {
      find(child)
          .ifPresent(
              p -> {
                log.info("stopping process {} left by an earlier local cluster", p.pid());
                p.destroyForcibly();
              });
    }
    String workDir = properties.getProperty("workDir");
    if (workDir != null) {
      LocalNode.cleanUp(Path.of(workDir));
      deleteRecursively(Path.of(workDir));
    }
    try {
      Files.deleteIfExists(entry);
    } catch (IOException e) {
      log.debug("could not delete {}", entry, e);
    }
  }

  private static boolean isRunning(String process) {
    return process == null || find(process).isPresent();
  }

  /** The process {@code pid:startMillis} if it still runs; a reused pid does not match. */
  private static Optional<ProcessHandle> find(String process) {
    String[] parts = process.split(":");
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(parts[0]);
      long started = Long.parseLong(parts[1]);
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  started == 0
                      || p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == started);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String describe(ProcessHandle process) {
    return process.pid()
        + ":"
        + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  private void write() {
    Properties properties = new Properties();
    properties.setProperty("host", describe(ProcessHandle.current()));
    properties.setProperty("workDir", workDir.toString());
    properties.setProperty(
        "children", String.join(",", children.stream().map(LocalClusterRecord::describe).toList()));
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "entry-", ".tmp");
      try (Writer out = Files.newBufferedWriter(temp)) {
        properties.store(out, "local Kubernetes cluster started by Keyward");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the local cluster in " + file, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
