package dev.keyward.metrics;

import io.micrometer.core.instrument.Metrics;

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

  private VerificationMetrics() {}

  public static void record(Outcome outcome) {
    Metrics.counter("keyward.verifications", "outcome", outcome.name()).increment();
  }
}
