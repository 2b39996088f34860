package dev.keyward.cli;

import dev.keyward.api.KeywardNames;
import dev.keyward.lifecycle.GoDuration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubectl keyward rotate token/NAME}: asks the operator for a new key now. */
@Command(
    name = "rotate",
    description = {
      "Ask the operator to issue a new key (token) or app secret (application) now, by setting the"
          + " keyward.dev/rotate annotation to the current time.",
      "The previous key keeps working for the grace period: spec.rotation.gracePeriod, or --grace"
          + " for this rotation only."
    })
final class RotateCommand extends KeyRequestCommand {

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      description =
          "How long the previous key keeps working after this rotation (Go duration such as 1h or"
              + " 30m; 0s ends it at once). Default: the resource's spec.rotation.gracePeriod.")
  String grace;

  @Override
  String verb() {
    return "rotate";
  }

  @Override
  String noun() {
    return "rotation";
  }

  @Override
  Map<String, String> annotations(Instant now) {
    if (grace != null) {
      try {
        GoDuration.parse(grace);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(ExitCode.USAGE, "--grace: '" + grace + "' is not a duration like 1h");
      }
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(KeywardNames.ROTATE_ANNOTATION, now.toString());
    annotations.put(KeywardNames.ROTATE_GRACE_ANNOTATION, grace);
    return annotations;
  }
}
