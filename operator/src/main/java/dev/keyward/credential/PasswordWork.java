package dev.keyward.credential;

import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The process's budget for Argon2id: each hash or check holds {@link #BYTES_PER_RUN} of heap for
 * tens of milliseconds, so only a bounded number run at once — no more than the CPUs, and no more
 * than a quarter of the heap can hold. Logins and the reconciler's password work share one budget,
 * so a login flood and a restart that re-checks every user together stay within it.
 */
public final class PasswordWork {

  /** Heap one Argon2id run allocates (m = 19456 KiB). */
  public static final long BYTES_PER_RUN = PasswordHasher.MEMORY_KIB * 1024L;

  /** Share of the maximum heap that Argon2id may take at once. */
  public static final double HEAP_SHARE = 0.25;

  private static final PasswordWork SHARED =
      new PasswordWork(
          permitsFor(Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors()));

  static {
    Metrics.gauge("keyward.argon2.permits", SHARED, PasswordWork::permits);
    Metrics.gauge("keyward.argon2.concurrent.peak", SHARED, PasswordWork::peakConcurrency);
  }

  private final int permits;
  private final Semaphore semaphore;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  public PasswordWork(int permits) {
    this.permits = permits;
    this.semaphore = new Semaphore(permits, true);
  }

  /** The one budget of this process. */
  public static PasswordWork shared() {
    return SHARED;
  }

  /** How many runs fit: at least one, at most one per CPU and what the heap share holds. */
  public static int permitsFor(long maxHeapBytes, int cpus) {
    long byHeap = (long) (maxHeapBytes * HEAP_SHARE) / BYTES_PER_RUN;
    return (int) Math.max(1, Math.min(cpus, byHeap));
  }

  /** Runs the work when a permit frees up within {@code wait}; empty when none did. */
  public <T> Optional<T> tryRun(Duration wait, Supplier<T> work) throws InterruptedException {
    if (!semaphore.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    return Optional.of(runHoldingPermit(work));
  }

  /** Runs the work, waiting as long as it takes for a permit (reconciler threads). */
  public <T> T run(Supplier<T> work) {
    try {
      semaphore.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to hash a password", e);
    }
    return runHoldingPermit(work);
  }

  public String hash(String password) {
    return run(() -> PasswordHasher.hash(password));
  }

  public boolean verify(String password, String phc) {
    return run(() -> PasswordHasher.verify(password, phc));
  }

  private <T> T runHoldingPermit(Supplier<T> work) {
    try {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      return work.get();
    } finally {
      running.decrementAndGet();
      semaphore.release();
    }
  }

  public int permits() {
    return permits;
  }

  /** The most Argon2id runs ever seen at once. */
  public int peakConcurrency() {
    return peak.get();
  }
}
