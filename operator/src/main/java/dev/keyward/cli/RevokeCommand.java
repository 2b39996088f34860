package dev.keyward.cli;

import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubectl keyward revoke token/NAME}: asks the operator to revoke the current key. */
@Command(
    name = "revoke",
    description = {
      "Ask the operator to revoke the current key or app secret at once, by setting the "
          + RevokeCommand.ANNOTATION
          + " annotation to the current time.",
      "Unlike rotate, no grace period applies: the key stops verifying as soon as the operator"
          + " has acted."
    })
final class RevokeCommand extends KeyRequestCommand {

  static final String ANNOTATION = "keyward.dev/revoke";

  @Override
  String verb() {
    return "revoke";
  }

  @Override
  String noun() {
    return "revocation";
  }

  @Override
  Map<String, String> annotations(Instant now) {
    return Map.of(ANNOTATION, now.toString());
  }
}
