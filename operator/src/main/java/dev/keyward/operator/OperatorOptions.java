package dev.keyward.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * How one operator process runs among others: leader election (absent: this process always
 * reconciles) and the registry its metrics go to.
 */
public record OperatorOptions(
    Optional<LeaderElection> leaderElection, MeterRegistry meterRegistry) {

  /** A single process without leader election, with its own Prometheus registry. */
  public static OperatorOptions standalone() {
    return new OperatorOptions(Optional.empty(), prometheusRegistry());
  }

  public static PrometheusMeterRegistry prometheusRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
