package dev.keyward.verify;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the key a request presents: {@code Authorization: Bearer}, {@code X-API-Key} or Kriten's
 * {@code Token:} header. Ambiguous or malformed requests are refused rather than guessed at.
 */
public final class PresentedKey {

  /** The outcome: a key, nothing presented, or a request to refuse with a reason. */
  public record Result(Optional<String> key, Optional<String> badRequest) {
    static Result of(String key) {
      return new Result(Optional.of(key), Optional.empty());
    }

    static Result none() {
      return new Result(Optional.empty(), Optional.empty());
    }

    static Result refuse(String reason) {
      return new Result(Optional.empty(), Optional.of(reason));
    }
  }

  private static final List<String> QUERY_NAMES =
      List.of("token", "api_key", "apikey", "key", "access_token");

  private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("Authorization");

  /** The headers that may carry a key, as names whose hash is computed once. */
  private static final List<CharSequence> HEADERS =
      List.of(
          AUTHORIZATION,
          HttpHeaders.createOptimized("X-API-Key"),
          HttpHeaders.createOptimized("Token"));

  private PresentedKey() {}

  /** The key in {@code headers}; {@code query} is null for a request without a query string. */
  public static Result from(MultiMap headers, MultiMap query) {
    if (query != null && QUERY_NAMES.stream().anyMatch(query::contains)) {
      return Result.refuse("credentials in query strings are refused; send a header");
    }
    String found = null;
    for (CharSequence header : HEADERS) {
      if (!headers.contains(header)) {
        continue;
      }
      List<String> values = headers.getAll(header);
      if (values.size() > 1) {
        return Result.refuse("the " + header + " header appears more than once");
      }
      if (values.isEmpty()) {
        continue;
      }
      String value = values.get(0);
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        return Result.refuse("the " + header + " header contains a line break");
      }
      String key = header == AUTHORIZATION ? bearer(value) : value.trim();
      if (key == null) {
        continue;
      }
      if (found != null && !found.equals(key)) {
        return Result.refuse("more than one credential header with different values");
      }
      found = key;
    }
    return found == null || found.isEmpty() ? Result.none() : Result.of(found);
  }

  private static String bearer(String value) {
    String trimmed = value.trim();
    if (trimmed.length() > 7
        && trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return trimmed.substring(7).trim();
    }
    return null;
  }
}
