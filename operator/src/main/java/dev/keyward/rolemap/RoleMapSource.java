package dev.keyward.rolemap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current role map, read from a YAML file (in a cluster, a mounted ConfigMap) and reloaded when
 * the file changes. A file that does not parse is reported and the previous map kept.
 */
public final class RoleMapSource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoleMapSource.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path file;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile RoleMap current;
  private volatile FileTime loadedVersion;
  private ScheduledExecutorService watcher;

  private RoleMapSource(Path file, RoleMap initial) {
    this.file = file;
    this.current = initial;
  }

  /** A fixed role map that never changes. */
  public static RoleMapSource of(RoleMap map) {
    return new RoleMapSource(null, map);
  }

  /** Reads the file now and re-reads it every {@code pollMillis} when it changed. */
  public static RoleMapSource watching(Path file, long pollMillis) throws IOException {
    RoleMapSource source = new RoleMapSource(file, parse(file));
    source.loadedVersion = Files.getLastModifiedTime(file);
    source.watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "role-map-watcher");
              t.setDaemon(true);
              return t;
            });
    source.watcher.scheduleWithFixedDelay(
        source::reloadIfChanged, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    log.info(
        "role map loaded from {}: {} roles, {} groups",
        file,
        source.current.roles().size(),
        source.current.groups().size());
    return source;
  }

  public static RoleMap parse(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    }
  }

  public static RoleMap parse(InputStream in) throws IOException {
    RoleMap map = YAML.readValue(in, RoleMap.class);
    return map == null ? RoleMap.EMPTY : map;
  }

  public RoleMap current() {
    return current;
  }

  /** Called after every reload that changed the map. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  void reloadIfChanged() {
    try {
      FileTime version = Files.getLastModifiedTime(file);
      if (version.equals(loadedVersion)) {
        return;
      }
      RoleMap reloaded = parse(file);
      loadedVersion = version;
      if (!reloaded.equals(current)) {
        current = reloaded;
        log.info("role map reloaded from {}", file);
        listeners.forEach(Runnable::run);
      }
    } catch (IOException | RuntimeException e) {
      log.error(
          "role map {} could not be read; keeping the previous one: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }
}
