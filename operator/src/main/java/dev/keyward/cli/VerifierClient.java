package dev.keyward.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Calls Keyward's HTTP endpoints. Failures to connect end the command with exit code 3. */
final class VerifierClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** GET with the key in {@code X-API-Key}, the header every Keyward check understands. */
  HttpResponse<String> getWithKey(String server, String path, String key) {
    return send(
        HttpRequest.newBuilder(uri(server.replaceAll("/+$", "") + path))
            .timeout(TIMEOUT)
            .header("X-API-Key", key)
            .GET()
            .build());
  }

  /** RFC 6749 client credentials with HTTP Basic authentication (section 2.3.1). */
  HttpResponse<String> clientCredentials(
      String tokenEndpoint, String clientId, String clientSecret, String scope) {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
    String body = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + form(scope));
    return send(
        HttpRequest.newBuilder(uri(tokenEndpoint))
            .timeout(TIMEOUT)
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliFailure(
          ExitCode.UNAVAILABLE, "cannot reach " + request.uri() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCode.UNAVAILABLE, "interrupted");
    }
  }

  private static URI uri(String text) {
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCode.USAGE, "'" + text + "' is not an http(s) URL");
    }
  }

  private static String form(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
