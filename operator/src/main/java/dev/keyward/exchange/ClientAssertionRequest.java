package dev.keyward.exchange;

import io.vertx.core.MultiMap;
import java.util.Optional;

/**
 * The shape of an RFC 7523 client assertion request: {@code client_assertion_type} naming
 * jwt-bearer, one {@code client_assertion}, and no second client authentication beside it.
 */
final class ClientAssertionRequest {

  private ClientAssertionRequest() {}

  /** Why the request is malformed, or empty when it is well-formed. */
  static Optional<String> malformed(MultiMap headers, MultiMap form) {
    if (!ClientAssertions.JWT_BEARER.equals(form.get("client_assertion_type"))) {
      return Optional.of("client_assertion_type must be " + ClientAssertions.JWT_BEARER);
    }
    String assertion = form.get("client_assertion");
    if (assertion == null || assertion.isBlank()) {
      return Optional.of("client_assertion is required with client_assertion_type");
    }
    if (form.contains("client_secret") || !headers.getAll("Authorization").isEmpty()) {
      return Optional.of("use one client authentication method, not an assertion and a secret");
    }
    return Optional.empty();
  }
}
