package dev.keyward.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/** Runs a numbered task for a range of indexes on a fixed number of threads, with a deadline. */
final class Parallel {

  private Parallel() {}

  static void forEach(int from, int to, int threads, Duration deadline, IntConsumer task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.accept(index)));
      }
      long end = System.nanoTime() + deadline.toNanos();
      for (Future<?> future : futures) {
        future.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a benchmark write failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("benchmark writes did not finish within " + deadline, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
