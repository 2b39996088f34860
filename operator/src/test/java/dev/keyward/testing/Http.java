package dev.keyward.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for calling the operator's endpoints as any client would. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final String base;
  private final String clientAddress;

  /** {@code clientAddress} goes into X-Forwarded-For, so tests do not share a failure budget. */
  public Http(int port, String clientAddress) {
    this.base = "http://127.0.0.1:" + port;
    this.clientAddress = clientAddress;
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public HttpResponse<String> postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A form post; {@code basic} (id:secret, already form-encoded) may be null. */
  public HttpResponse<String> postForm(String path, String form, String basic) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (basic != null) {
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(
          request.header("X-Forwarded-For", clientAddress).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed", e);
    }
  }
}
