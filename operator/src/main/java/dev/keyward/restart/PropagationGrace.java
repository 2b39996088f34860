package dev.keyward.restart;

import dev.keyward.api.CredentialSpec;
import dev.keyward.lifecycle.KeySchedule;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a credential's rotations leave pods that mount its Secret enough time: a kubelet shows
 * the new key in the volume only after up to {@code propagationDelay}, and until then the pod
 * presents the previous key, which must still verify. Checked for credentials that rotate (a
 * rolling {@code lifetime} or a {@code rotation} given); the others do not get the condition.
 */
public final class PropagationGrace {

  private PropagationGrace() {}

  /** Empty when the check does not apply; otherwise whether the grace period suffices, and why. */
  public static Optional<Verdict> judge(CredentialSpec spec, Duration propagationDelay) {
    if (spec.getLifetime() == null && spec.getRotation() == null) {
      return Optional.empty();
    }
    Duration grace;
    try {
      grace = KeySchedule.gracePeriod(spec);
    } catch (IllegalArgumentException unparsable) {
      return Optional.empty();
    }
    String delay = show(propagationDelay);
    if (grace.compareTo(propagationDelay) > 0) {
      return Optional.of(
          new Verdict(
              true,
              "GraceCoversPropagation",
              "rotation.gracePeriod is longer than the "
                  + delay
                  + " a kubelet may take to update a mounted Secret"));
    }
    return Optional.of(
        new Verdict(
            false,
            "GraceShorterThanPropagation",
            "rotation.gracePeriod ("
                + show(grace)
                + ") is not longer than the "
                + delay
                + " a kubelet may take to update a mounted Secret: pods that read the key from a"
                + " volume present the previous key after it stopped verifying. Set"
                + " rotation.gracePeriod above "
                + delay));
  }

  /** A duration as a Go duration without zero parts, for example 2m or 1h30m. */
  static String show(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds > 0 || text.isEmpty()) {
      text.append(seconds).append('s');
    }
    return text.toString();
  }

  /** The condition's status, reason and message. */
  public record Verdict(boolean sufficient, String reason, String message) {}
}
