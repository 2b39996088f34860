package dev.keyward.exchange;

import dev.keyward.http.ClientAddress;
import dev.keyward.http.Endpoints;
import dev.keyward.verify.AccessTokenSigner;
import dev.keyward.verify.CredentialIndex;
import dev.keyward.verify.FailureThrottle;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Wires the token exchange: Application index, signing keys, JWT issuer and endpoints. */
public final class TokenExchange implements AutoCloseable {

  /** How often each replica re-reads the signing keys (and rotates them when due). */
  public static final Duration KEY_REFRESH = Duration.ofSeconds(30);

  private final ExchangeSettings settings;
  private final Clock clock;
  private final ApplicationIndex apps;
  private final SigningKeys keys;
  private final JwtIssuer issuer;

  private TokenExchange(
      ExchangeSettings settings, Clock clock, ApplicationIndex apps, SigningKeys keys) {
    this.settings = settings;
    this.clock = clock;
    this.apps = apps;
    this.keys = keys;
    this.issuer = new JwtIssuer(keys, settings.issuer());
  }

  /** With {@code manageKeys} false the signing keys are only read (a verifier-only replica). */
  public static TokenExchange start(
      KubernetesClient client, Clock clock, ExchangeSettings settings, boolean manageKeys) {
    SigningKeys keys = SigningKeys.start(client, settings, clock, KEY_REFRESH, manageKeys);
    return new TokenExchange(
        settings, clock, ApplicationIndex.start(client, settings.roleMap(), clock), keys);
  }

  /** The token and discovery endpoints, throttling failures per client as {@code clients} sees. */
  public Endpoints endpoints(FailureThrottle throttle, ClientAddress clients) {
    return endpoints(throttle, clients, ClientAssertions.NONE);
  }

  /** The endpoints, also accepting RFC 7523 client assertions at the token endpoint. */
  public Endpoints endpoints(
      FailureThrottle throttle, ClientAddress clients, ClientAssertions assertions) {
    return new TokenExchangeEndpoints(
        apps,
        new AccessTokens(issuer, settings.audience(), clock),
        keys,
        throttle,
        clients,
        settings.issuer(),
        assertions);
  }

  /** The Application with this id while it is Active, enabled and not being deleted. */
  public Optional<AppClient> activeApp(String appId) {
    return apps.active(appId);
  }

  /** Signs arbitrary claims with the current key, for other token-issuing endpoints. */
  public JwtIssuer jwtIssuer() {
    return issuer;
  }

  /** Signs access-token claims ({@code typ: at+jwt}) for password login and similar. */
  public AccessTokenSigner accessTokenSigner() {
    return claims -> issuer.sign(claims, JwtIssuer.ACCESS_TOKEN_TYPE);
  }

  /**
   * Identities behind the access tokens Keyward issued, verified with the current JWKS, for the
   * forward-auth check; users are looked up in {@code credentials}.
   */
  public AccessTokenIdentities accessTokenIdentities(CredentialIndex credentials) {
    return new AccessTokenIdentities(
        new AccessTokenVerifier(keys::publicKeys, settings.issuer(), settings.audience(), clock),
        apps::active,
        credentials::userByUsername);
  }

  public SigningKeys signingKeys() {
    return keys;
  }

  /** True while the Application informer has synced and is watching, and a key can sign. */
  public boolean isCurrent() {
    return apps.isCurrent() && keys.hasSigner();
  }

  @Override
  public void close() {
    keys.close();
    apps.close();
  }
}
