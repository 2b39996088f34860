package dev.keyward.cli;

import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
final class RevokeCommand extends KeywardCommand {

  static final String ANNOTATION = "keyward.dev/revoke";

  @Parameters(
      paramLabel = "KIND/NAME",
      description = "token/NAME or app/NAME.",
      converter = ResourceRef.Converter.class)
  ResourceRef ref;

  @Override
  int run() {
    if (!ref.kind().hasCredential()) {
      throw new CliFailure(ExitCode.USAGE, "only tokens and applications have keys to revoke");
    }
    Map<String, String> annotations = Map.of(ANNOTATION, Instant.now().toString());
    Patches.annotate(cluster, ref, annotations);
    return Annotated.report(this, ref, annotations, "revocation requested for " + ref);
  }
}
