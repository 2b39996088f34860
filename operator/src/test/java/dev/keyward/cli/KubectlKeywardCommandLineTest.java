package dev.keyward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What the plugin answers before it talks to any cluster: help, completion, usage errors. */
class KubectlKeywardCommandLineTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        KubectlKeyward.execute(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    Run help = run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("status", "explain", "rotate", "revoke", "deprecate", "enable", "disable")
        .contains("whoami", "verify", "token", "generate-completion")
        .contains("Exit codes:")
        .contains("2   wrong command line");
  }

  @Test
  void generatesABashCompletionScript() {
    Run completion = run("generate-completion");

    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out())
        .contains("complete -F _complete_kubectl-keyward")
        .contains("rotate");
  }

  @Test
  void aMissingCommandOrUnknownOptionIsAUsageError() {
    assertThat(run().exitCode()).isEqualTo(2);
    assertThat(run("status", "--bogus").exitCode()).isEqualTo(2);
    assertThat(run("explain", "token").err()).contains("is not KIND/NAME");
  }
}
