package dev.keyward.exchange;

import io.vertx.core.MultiMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads RFC 6749 client authentication from a token request: HTTP Basic (id and secret
 * form-urlencoded, section 2.3.1) or {@code client_id}/{@code client_secret} form parameters, never
 * both.
 */
final class ClientCredentials {

  /** Either credentials, or the reason the request is malformed, or neither (none presented). */
  record Result(Optional<String> id, Optional<String> secret, Optional<String> malformed) {
    boolean presented() {
      return id.isPresent() && secret.isPresent();
    }
  }

  private ClientCredentials() {}

  static Result from(MultiMap headers, MultiMap form) {
    List<String> authorization = headers.getAll("Authorization");
    boolean inForm = form.contains("client_id") || form.contains("client_secret");
    String basic = null;
    if (authorization.size() > 1) {
      return malformed("the Authorization header appears more than once");
    }
    if (authorization.size() == 1
        && authorization.get(0).trim().toLowerCase(Locale.ROOT).startsWith("basic ")) {
      basic = authorization.get(0).trim().substring(6).trim();
    }
    if (basic != null && inForm) {
      return malformed("use one client authentication method, not Basic and form parameters");
    }
    if (basic != null) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return malformed("the Basic credentials are not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return malformed("the Basic credentials lack a ':'");
      }
      try {
        return new Result(
            Optional.of(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8)),
            Optional.of(URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)),
            Optional.empty());
      } catch (IllegalArgumentException e) {
        return malformed("the Basic credentials are not form-urlencoded");
      }
    }
    if (form.getAll("client_id").size() > 1 || form.getAll("client_secret").size() > 1) {
      return malformed("client_id and client_secret may appear only once");
    }
    return new Result(
        Optional.ofNullable(form.get("client_id")),
        Optional.ofNullable(form.get("client_secret")),
        Optional.empty());
  }

  private static Result malformed(String reason) {
    return new Result(Optional.empty(), Optional.empty(), Optional.of(reason));
  }
}
