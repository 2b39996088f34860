package dev.keyward.restart;

import java.time.Duration;

/**
 * How Keyward treats the pods that read a credential's Secret. {@code propagationDelay} is how long
 * a kubelet may take to show a new key in a mounted Secret volume (its sync period, one minute by
 * default, plus its Secret cache TTL): a rotation's grace period shorter than that warns. {@code
 * debounce} is how long restarts of one workload are gathered, so that credentials rotating
 * together restart it once.
 */
public record RotationConsumerSettings(Duration propagationDelay, Duration debounce) {

  public static final Duration DEFAULT_PROPAGATION_DELAY = Duration.ofMinutes(2);
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(2);

  public static RotationConsumerSettings defaults() {
    return new RotationConsumerSettings(DEFAULT_PROPAGATION_DELAY, DEFAULT_DEBOUNCE);
  }
}
