package dev.keyward.cli;

/** The plugin's exit codes, documented in the README and in {@code --help}. */
public final class ExitCode {
  /** Done; the resource is Active; the key is valid. */
  public static final int OK = 0;

  /** The resource or Secret does not exist, the resource is not Active, or the key was refused. */
  public static final int NOT_OK = 1;

  /** The command line is wrong. */
  public static final int USAGE = 2;

  /** The cluster or the verifier could not be reached or answered with an error. */
  public static final int UNAVAILABLE = 3;

  private ExitCode() {}
}
