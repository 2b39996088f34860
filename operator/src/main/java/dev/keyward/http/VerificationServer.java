package dev.keyward.http;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.TokenExchange;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.verify.CredentialIndex;
import dev.keyward.verify.FailureThrottle;
import dev.keyward.verify.ForwardAuthEndpoints;
import dev.keyward.verify.IntrospectionEndpoints;
import dev.keyward.verify.KeyGate;
import dev.keyward.verify.LoginEndpoints;
import dev.keyward.verify.PasswordLogin;
import dev.keyward.verify.WhoamiEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Wires the in-memory credential index and the HTTP endpoints that answer from it. */
public final class VerificationServer implements AutoCloseable {

  /** Failed attempts a client may make per minute before it is told to wait. */
  public static final int MAX_FAILURES_PER_MINUTE = 30;

  /** Argon2id checks at once: each takes 19 MiB, so a login flood cannot exhaust memory. */
  public static final int MAX_CONCURRENT_PASSWORD_CHECKS =
      Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Lifetime of the access tokens that password login issues. */
  public static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofMinutes(15);

  private final CredentialIndex index;
  private final TokenExchange exchange;
  private final HttpApi http;

  private VerificationServer(CredentialIndex index, TokenExchange exchange, HttpApi http) {
    this.index = index;
    this.exchange = exchange;
    this.http = http;
  }

  public static VerificationServer start(KubernetesClient client, Clock clock, int port) {
    return start(
        client,
        clock,
        port,
        ExchangeSettings.defaults(
            KeywardConfig.DEFAULT_PUBLIC_URL,
            KeywardConfig.DEFAULT_NAMESPACE,
            RoleMapSource.of(RoleMap.EMPTY)));
  }

  public static VerificationServer start(
      KubernetesClient client, Clock clock, int port, ExchangeSettings exchangeSettings) {
    return start(client, clock, port, exchangeSettings, true);
  }

  /**
   * The verification side alone, for a replica that runs no reconciler: it only reads the signing
   * keys, which the operator creates and rotates.
   */
  public static VerificationServer startVerifierOnly(
      KubernetesClient client, Clock clock, int port, ExchangeSettings exchangeSettings) {
    return start(client, clock, port, exchangeSettings, false);
  }

  private static VerificationServer start(
      KubernetesClient client,
      Clock clock,
      int port,
      ExchangeSettings exchangeSettings,
      boolean manageKeys) {
    // The password records are kept beside the signing keys, in the operator's namespace.
    CredentialIndex index = CredentialIndex.start(client, clock, exchangeSettings.keysNamespace());
    TokenExchange exchange = TokenExchange.start(client, clock, exchangeSettings, manageKeys);
    FailureThrottle throttle =
        new FailureThrottle(MAX_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    KeyGate gate = new KeyGate(index, throttle);
    HttpApi http =
        HttpApi.start(
            port,
            List.of(
                new ForwardAuthEndpoints(gate),
                new IntrospectionEndpoints(gate),
                new WhoamiEndpoints(gate),
                exchange.endpoints(throttle),
                new LoginEndpoints(
                    new PasswordLogin(
                        index::userByUsername,
                        index::passwordHash,
                        exchangeSettings.roleMap(),
                        MAX_CONCURRENT_PASSWORD_CHECKS,
                        Duration.ofSeconds(2)),
                    gate,
                    exchange.accessTokenSigner(),
                    LOGIN_TOKEN_LIFETIME,
                    exchangeSettings.issuer(),
                    exchangeSettings.audience(),
                    clock)));
    return new VerificationServer(index, exchange, http);
  }

  /** Token exchange and JWT signing, for endpoints that hand out tokens. */
  public TokenExchange exchange() {
    return exchange;
  }

  public CredentialIndex index() {
    return index;
  }

  public int port() {
    return http.port();
  }

  /**
   * Readiness of the verification side: every informer behind the answers has synced and is
   * watching. A replica that is not ready is taken out of the Service rather than answer from a
   * stale index.
   */
  public boolean isReady() {
    return index.isCurrent() && exchange.isCurrent();
  }

  @Override
  public void close() {
    http.close();
    exchange.close();
    index.close();
  }
}
