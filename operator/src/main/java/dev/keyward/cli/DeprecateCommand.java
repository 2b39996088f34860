package dev.keyward.cli;

import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubectl keyward deprecate token/NAME}: asks the operator to deprecate the current key. */
@Command(
    name = "deprecate",
    description = {
      "Deprecate the current key or app secret (Sunbird's \"deprecate a credential\"), by setting"
          + " the "
          + DeprecateCommand.ANNOTATION
          + " annotation to the current time.",
      "The credential turns Deprecated and verifies for no call until it is rotated"
          + " (kubectl keyward rotate), which issues a new key; the deprecated one never verifies"
          + " again."
    })
final class DeprecateCommand extends KeyRequestCommand {

  static final String ANNOTATION = "keyward.dev/deprecate";

  @Override
  String verb() {
    return "deprecate";
  }

  @Override
  String noun() {
    return "deprecation";
  }

  @Override
  Map<String, String> annotations(Instant now) {
    return Map.of(ANNOTATION, now.toString());
  }
}
