package dev.keyward.cli;

import picocli.CommandLine.Option;

/** Where the verifier answers: the URL of Keyward's HTTP service. */
final class VerifierOptions {

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "${env:KEYWARD_SERVER}",
      description =
          "URL of Keyward's verifier, for example http://keyward.keyward-system:8080 or a"
              + " kubectl port-forward (default: $KEYWARD_SERVER).")
  String server;

  String server() {
    if (server == null || server.isBlank()) {
      throw new CliFailure(ExitCode.USAGE, "--server URL (or $KEYWARD_SERVER) is required");
    }
    return server;
  }
}
