package dev.keyward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kubectl keyward whoami}: who the verifier says a key belongs to. */
@Command(
    name = "whoami",
    description =
        "Ask the verifier (GET /whoami) who a key belongs to. The key is read from a Secret or"
            + " standard input and never printed.")
final class WhoamiCommand extends KeywardCommand {

  @Mixin KeySource key;
  @Mixin VerifierOptions verifier;

  @Override
  int run() {
    String server = verifier.server();
    String presented = key.read(cluster, input());
    HttpResponse<String> response = new VerifierClient().getWithKey(server, "/whoami", presented);
    if (response.statusCode() == 401) {
      throw new CliFailure(ExitCode.NOT_OK, "the verifier refused the key");
    }
    if (response.statusCode() != 200) {
      throw new CliFailure(
          ExitCode.UNAVAILABLE, "the verifier answered HTTP " + response.statusCode());
    }
    JsonNode profile;
    try {
      profile = mapper().readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new CliFailure(ExitCode.UNAVAILABLE, "the verifier's answer is not JSON");
    }
    if (json()) {
      printJson(profile);
      return ExitCode.OK;
    }
    PrintWriter out = out();
    JsonNode credential = profile.path("credential");
    out.println("username:     " + profile.path("username").asText());
    out.println("namespace:    " + profile.path("namespace").asText());
    out.println("id:           " + profile.path("id").asText());
    out.println("email:        " + profile.path("email").asText(""));
    out.println("groups:       " + words(profile.path("groups")));
    out.println("roles:        " + words(profile.path("roles")));
    out.println(
        "credential:   "
            + credential.path("kind").asText()
            + "/"
            + credential.path("name").asText());
    out.println("scopes:       " + words(credential.path("scopes")));
    out.println("expires:      " + credential.path("expiresAt").asText("never"));
    out.flush();
    return ExitCode.OK;
  }

  static String words(JsonNode array) {
    List<String> words = new ArrayList<>();
    array.forEach(n -> words.add(n.asText()));
    return words.isEmpty() ? "-" : String.join(" ", words);
  }
}
