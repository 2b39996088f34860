package dev.keyward.cli;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kubectl-keyward} executable: {@code kubectl keyward <command>}. */
@Command(
    name = "kubectl-keyward",
    mixinStandardHelpOptions = true,
    version = "kubectl-keyward 0.1.0",
    description = "Day-2 operations on Keyward's ApiUsers, ApiTokens and Applications.",
    subcommands = {
      StatusCommand.class,
      ExplainCommand.class,
      RotateCommand.class,
      RevokeCommand.class,
      DeprecateCommand.class,
      EnableCommand.Enable.class,
      EnableCommand.Disable.class,
      WhoamiCommand.class,
      VerifyCommand.class,
      TokenCommand.class,
      GenerateCompletion.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; the resource is Active; the key is valid",
      "1:not found, not Active, or the key or app secret was refused",
      "2:wrong command line",
      "3:the cluster or the verifier could not be reached or failed"
    })
public final class KubectlKeyward implements Runnable {

  private final InputStream in;

  KubectlKeyward(InputStream in) {
    this.in = in;
  }

  InputStream input() {
    return in;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "a command is required: status, explain, rotate, ...");
  }

  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.ERROR);
    System.exit(
        execute(
            System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line; returns its exit code (see {@link ExitCode}). */
  public static int execute(InputStream in, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new KubectlKeyward(in));
    commandLine
        .getSubcommands()
        .get("generate-completion")
        .getCommandSpec()
        .usageMessage()
        .hidden(false);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cl, parseResult) -> {
          int code;
          String message;
          if (exception instanceof CliFailure failure) {
            code = failure.exitCode();
            message = failure.getMessage();
          } else if (exception instanceof KubernetesClientException k) {
            code = ExitCode.UNAVAILABLE;
            message =
                "the Kubernetes API answered "
                    + (k.getCode() > 0 ? k.getCode() + ": " : "")
                    + (k.getStatus() != null && k.getStatus().getMessage() != null
                        ? k.getStatus().getMessage()
                        : k.getMessage());
          } else {
            code = ExitCode.UNAVAILABLE;
            message = exception.toString();
          }
          if (code == ExitCode.USAGE) {
            cl.getErr().println("error: " + message);
            cl.usage(cl.getErr());
          } else {
            cl.getErr().println("error: " + message);
          }
          cl.getErr().flush();
          return code;
        });
    return commandLine.execute(args);
  }
}
