package dev.keyward.cli;

import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Parameters;

/**
 * A request to the operator about a credential's current key (rotate, revoke, deprecate): made by
 * annotating the ApiToken or Application, which the operator acts on in its next reconcile.
 */
abstract class KeyRequestCommand extends KeywardCommand {

  @Parameters(
      paramLabel = "KIND/NAME",
      description = "token/NAME or app/NAME.",
      converter = ResourceRef.Converter.class)
  ResourceRef ref;

  /** What is asked, as a verb ("rotate") and as a noun ("rotation"). */
  abstract String verb();

  abstract String noun();

  /** The annotations that ask for it at {@code now}; a usage error when an option is wrong. */
  abstract Map<String, String> annotations(Instant now);

  @Override
  final int run() {
    if (!ref.kind().hasCredential()) {
      throw new CliFailure(ExitCode.USAGE, "only tokens and applications have keys to " + verb());
    }
    Map<String, String> annotations = annotations(Instant.now());
    Patches.annotate(cluster, ref, annotations);
    return Annotated.report(this, ref, annotations, noun() + " requested for " + ref);
  }
}
