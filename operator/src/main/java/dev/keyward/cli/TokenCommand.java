package dev.keyward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.http.HttpResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubectl keyward token app/NAME}: an access token for an Application. */
@Command(
    name = "token",
    description = {
      "Exchange an Application's app id and secret, read from its Secret, for an access token at"
          + " the token endpoint the Secret names (RFC 6749 client credentials).",
      "Prints only the access token (for $(kubectl keyward token app/NAME)); -o json prints the"
          + " whole answer. The app secret is never printed."
    })
final class TokenCommand extends KeywardCommand {

  @Parameters(
      paramLabel = "app/NAME",
      description = "The Application.",
      converter = ResourceRef.Converter.class)
  ResourceRef ref;

  @Option(
      names = "--scope",
      paramLabel = "SCOPES",
      description = "Ask for fewer scopes than the application holds (space-separated).")
  String scope;

  @Option(
      names = "--token-endpoint",
      paramLabel = "URL",
      description =
          "Post to this URL instead of the tokenEndpoint in the Secret (for a port-forward).")
  String tokenEndpoint;

  @Override
  int run() {
    if (ref.kind() != KeywardKind.APPLICATION) {
      throw new CliFailure(ExitCode.USAGE, "token needs an application: app/NAME");
    }
    ResourceView app = cluster.get(ref);
    String secretName = app.secretName().orElse(ref.name());
    Secret secret =
        cluster.client().secrets().inNamespace(cluster.namespace()).withName(secretName).get();
    if (secret == null) {
      throw CliFailure.notFound("Secret " + secretName + " of " + ref);
    }
    String appId = required(secret, KeywardNames.APP_ID_DATA_KEY);
    String appSecret = required(secret, KeywardNames.APP_SECRET_DATA_KEY);
    String endpoint =
        tokenEndpoint != null
            ? tokenEndpoint
            : required(secret, KeywardNames.TOKEN_ENDPOINT_DATA_KEY);
    HttpResponse<String> response =
        new VerifierClient().clientCredentials(endpoint, appId, appSecret, scope);
    JsonNode body;
    try {
      body = mapper().readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new CliFailure(
          ExitCode.UNAVAILABLE, "the token endpoint answered HTTP " + response.statusCode());
    }
    if (response.statusCode() != 200) {
      int code =
          response.statusCode() == 400 || response.statusCode() == 401
              ? ExitCode.NOT_OK
              : ExitCode.UNAVAILABLE;
      throw new CliFailure(
          code,
          "the token endpoint refused: "
              + body.path("error").asText("HTTP " + response.statusCode())
              + (body.has("error_description")
                  ? " (" + body.path("error_description").asText() + ")"
                  : ""));
    }
    if (json()) {
      printJson(body);
    } else {
      out().println(body.path("access_token").asText());
      out().flush();
    }
    return ExitCode.OK;
  }

  private static String required(Secret secret, String dataKey) {
    return KeySource.data(secret, dataKey)
        .orElseThrow(
            () ->
                CliFailure.notFound(
                    "data key " + dataKey + " in Secret " + secret.getMetadata().getName()));
  }
}
