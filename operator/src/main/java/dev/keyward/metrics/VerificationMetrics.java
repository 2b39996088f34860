package dev.keyward.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts the answers of the verification endpoints by outcome on Micrometer's global registry,
 * which the process's Prometheus registry joins. The outcome is the only label: no key, client or
 * user ever becomes one.
 */
public final class VerificationMetrics {

  /** How a presented credential was answered. */
  public enum Outcome {
    valid,
    unauthorized,
    /** Refused like any invalid key (the same 401), counted apart: the key was deprecated. */
    deprecated,
    bad_request,
    throttled
  }

  /**
   * One counter per outcome, looked up once: a counter of the global registry follows the
   * registries added to it later (and removed from it), and /auth then counts without a lookup per
   * request.
   */
  private static final Map<Outcome, Counter> COUNTERS = new EnumMap<>(Outcome.class);

  static {
    for (Outcome outcome : Outcome.values()) {
      COUNTERS.put(outcome, Metrics.counter("keyward.verifications", "outcome", outcome.name()));
    }
  }

  private VerificationMetrics() {}

  public static void record(Outcome outcome) {
    COUNTERS.get(outcome).increment();
  }
}
