package dev.keyward.cli;

import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
final class DeprecateCommand extends KeywardCommand {

  static final String ANNOTATION = "keyward.dev/deprecate";

  @Parameters(
      paramLabel = "KIND/NAME",
      description = "token/NAME or app/NAME.",
      converter = ResourceRef.Converter.class)
  ResourceRef ref;

  @Override
  int run() {
    if (!ref.kind().hasCredential()) {
      throw new CliFailure(ExitCode.USAGE, "only tokens and applications have keys to deprecate");
    }
    Map<String, String> annotations = Map.of(ANNOTATION, Instant.now().toString());
    Patches.annotate(cluster, ref, annotations);
    return Annotated.report(this, ref, annotations, "deprecation requested for " + ref);
  }
}
