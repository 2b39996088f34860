package dev.keyward.exchange;

import java.util.Optional;

/**
 * RFC 7523 client authentication at the token endpoint ({@code private_key_jwt}): the Application
 * whose signing credential signed {@code assertion}, or empty.
 */
@FunctionalInterface
public interface ClientAssertions {

  /** The assertion type RFC 7523 section 2.2 defines. */
  String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** Accepts none: a token endpoint without signing credentials. */
  ClientAssertions NONE = (assertion, clientId) -> Optional.empty();

  /** {@code clientId}: the client_id form parameter, if given (must then match iss and sub). */
  Optional<AppClient> authenticate(String assertion, String clientId);
}
