package dev.keyward.cli;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kubectl keyward verify}: does the forward-auth check accept a key, and as whom. */
@Command(
    name = "verify",
    description =
        "Ask the verifier's forward-auth check (GET /auth) whether a key is valid, and show the"
            + " identity headers a backend would receive. Exit code 0 when valid, 1 when refused."
            + " The key is read from a Secret or standard input and never printed.")
final class VerifyCommand extends KeywardCommand {

  private static final List<String> HEADERS =
      List.of(
          "X-Keyward-User",
          "X-Keyward-User-Id",
          "X-Keyward-Namespace",
          "X-Keyward-Groups",
          "X-Keyward-Scopes",
          "X-Keyward-Credential");

  @Mixin KeySource key;
  @Mixin VerifierOptions verifier;

  @Override
  int run() {
    String server = verifier.server();
    String presented = key.read(cluster, input());
    HttpResponse<String> response = new VerifierClient().getWithKey(server, "/auth", presented);
    int status = response.statusCode();
    if (status != 200 && status != 401 && status != 429) {
      throw new CliFailure(ExitCode.UNAVAILABLE, "the verifier answered HTTP " + status);
    }
    boolean valid = status == 200;
    Map<String, String> identity = new LinkedHashMap<>();
    if (valid) {
      for (String header : HEADERS) {
        response.headers().firstValue(header).ifPresent(v -> identity.put(header, v));
      }
    }
    if (json()) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("valid", valid);
      result.put("status", status);
      result.put("headers", identity);
      printJson(result);
    } else if (valid) {
      out().println("valid");
      identity.forEach((name, value) -> out().println(name + ": " + value));
    } else {
      out().println(status == 429 ? "refused: too many failed attempts, try later" : "refused");
    }
    out().flush();
    return valid ? ExitCode.OK : ExitCode.NOT_OK;
  }
}
