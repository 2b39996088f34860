package dev.keyward.restart;

import dev.keyward.restart.WorkloadRestarter.NewKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the new keys of one workload for {@code window} from the first one, then restarts it once
 * for all of them: credentials rotating together (one revocation, a role-map change, the same
 * lifetime) cost one rolling restart, not one each. Closing restarts what is still gathered.
 */
public final class RestartDebouncer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RestartDebouncer.class);

  private final WorkloadRestarter restarter;
  private final Duration window;
  private final Map<WorkloadKey, List<NewKey>> pending = new LinkedHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "workload-restarts");
            thread.setDaemon(true);
            return thread;
          });

  public RestartDebouncer(WorkloadRestarter restarter, Duration window) {
    this.restarter = restarter;
    this.window = window;
  }

  public synchronized void submit(WorkloadKey workload, NewKey key) {
    if (timer.isShutdown()) {
      return;
    }
    pending
        .computeIfAbsent(
            workload,
            w -> {
              timer.schedule(() -> flush(w), window.toMillis(), TimeUnit.MILLISECONDS);
              return new ArrayList<>();
            })
        .add(key);
  }

  /** Runs {@code task} on the restart thread (finding annotated workloads reads the API). */
  public void execute(Runnable task) {
    try {
      timer.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      log.debug("restarts closed; {} dropped", task);
    }
  }

  private void flush(WorkloadKey workload) {
    List<NewKey> keys;
    synchronized (this) {
      keys = pending.remove(workload);
    }
    if (keys == null) {
      return;
    }
    try {
      restarter.restart(workload, keys);
    } catch (RuntimeException e) {
      log.warn("restart of {} in {} failed: {}", workload, workload.namespace(), e.toString());
    }
  }

  @Override
  public void close() {
    List<WorkloadKey> left;
    synchronized (this) {
      left = new ArrayList<>(pending.keySet());
    }
    left.forEach(this::flush);
    timer.shutdownNow();
  }
}
