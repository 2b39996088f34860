package dev.keyward.cli;

/** Ends a command with a message on standard error and an exit code from {@link ExitCode}. */
final class CliFailure extends RuntimeException {

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CliFailure notFound(String what) {
    return new CliFailure(ExitCode.NOT_OK, what + " not found");
  }

  int exitCode() {
    return exitCode;
  }
}
