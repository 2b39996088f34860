package dev.keyward.signing;

import dev.keyward.exchange.ClientAssertions;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.TokenExchange;
import dev.keyward.verify.CredentialIndex;
import dev.keyward.verify.Identity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Wires the verification of consumer-signed JWTs: the SigningCredential index, one replay window
 * per replica, the checks, and what the forward-auth check and the token endpoint use of them.
 */
public final class ConsumerSigning implements AutoCloseable {

  private final SigningCredentialIndex index;
  private final SignedJwts jwts;

  private ConsumerSigning(SigningCredentialIndex index, SignedJwts jwts) {
    this.index = index;
    this.jwts = jwts;
  }

  /** HS256 records are read from the operator's namespace, beside the signing keys. */
  public static ConsumerSigning start(
      KubernetesClient client,
      Clock clock,
      ExchangeSettings settings,
      CredentialIndex credentials,
      TokenExchange exchange) {
    SigningCredentialIndex index = SigningCredentialIndex.start(client, settings.keysNamespace());
    String issuer = settings.issuer().replaceAll("/+$", "");
    SignedJwtCheck check =
        new SignedJwtCheck(
            clock,
            new ReplayWindow(clock, ReplayWindow.DEFAULT_MAX_ENTRIES),
            Set.of(issuer, issuer + "/", issuer + "/oauth/token"));
    return new ConsumerSigning(
        index, new SignedJwts(index, check, credentials::usableUser, exchange::activeApp));
  }

  /** Consumer-signed JWTs first (their iss is a credential key), then {@code accessTokens}. */
  public Function<String, Optional<Identity>> orAccessTokens(
      Function<String, Optional<Identity>> accessTokens) {
    return token -> jwts.identity(token).or(() -> accessTokens.apply(token));
  }

  public ClientAssertions clientAssertions() {
    return jwts;
  }

  public boolean isCurrent() {
    return index.isCurrent();
  }

  @Override
  public void close() {
    index.close();
  }
}
