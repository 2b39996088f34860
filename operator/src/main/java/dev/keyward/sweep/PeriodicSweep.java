package dev.keyward.sweep;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass run every {@code interval} on the side of a controller: the clean-up of what no owner
 * reference can remove (objects in another namespace than their owner), or a batched check that
 * wakes resources through {@link #getEventHandler()}. It is an event source of the controller so
 * that it runs where the controller runs (on the elected leader) and stops with it. A failed pass
 * is logged and the next one tries again.
 */
public abstract class PeriodicSweep<P extends HasMetadata> extends AbstractEventSource<Void, P> {

  private static final Logger log = LoggerFactory.getLogger(PeriodicSweep.class);

  private final String threadName;
  private final Duration interval;
  private ScheduledExecutorService timer;

  /**
   * @param name the event source's name
   * @param threadName the timer thread's name, which also names the sweep in logs
   */
  protected PeriodicSweep(String name, String threadName, Duration interval) {
    super(Void.class, name);
    this.threadName = threadName;
    this.interval = interval;
  }

  @Override
  public void start() throws OperatorException {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(interval.toMillis(), 100);
    timer.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  public void stop() throws OperatorException {
    if (timer != null) {
      timer.shutdownNow();
    }
    super.stop();
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }

  /** One pass now; a failure is logged, never thrown. */
  public final void sweep() {
    try {
      sweepOnce();
    } catch (RuntimeException e) {
      log.warn("{} failed; trying again next time: {}", threadName, e.toString());
    }
  }

  /** One pass, on the timer thread. */
  protected abstract void sweepOnce();
}
