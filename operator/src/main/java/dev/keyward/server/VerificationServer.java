package dev.keyward.server;

import dev.keyward.api.ApiToken;
import dev.keyward.cache.ControllerCache;
import dev.keyward.credential.PasswordWork;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.TokenExchange;
import dev.keyward.http.HttpApi;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.signing.ConsumerSigning;
import dev.keyward.usage.LastUse;
import dev.keyward.usage.LastUseRecorder;
import dev.keyward.usage.LastUseWriter;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Wires the in-memory credential index and the HTTP endpoints that answer from it. */
public final class VerificationServer implements AutoCloseable {

  /** Failed attempts a client may make per minute before it is told to wait. */
  public static final int MAX_FAILURES_PER_MINUTE = 30;

  /** Failed logins an account may see per {@link #ACCOUNT_WINDOW}, from any address. */
  public static final int MAX_LOGIN_FAILURES_PER_ACCOUNT = 10;

  public static final Duration ACCOUNT_WINDOW = Duration.ofMinutes(5);

  /** Logins admitted at once (waiting for or running Argon2id); the rest get 503 at once. */
  public static final int MAX_PENDING_LOGINS = Math.max(8, 4 * PasswordWork.shared().permits());

  /** Lifetime of the access tokens that password login issues. */
  public static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofMinutes(15);

  /** How often due last uses are written: a first use shows within about this long. */
  static final Duration LAST_USE_TICK = Duration.ofSeconds(1);

  private final CredentialIndex index;
  private final TokenExchange exchange;
  private final HttpApi http;
  private final LastUseWriter lastUse;
  private final ConsumerSigning signing;

  private VerificationServer(
      CredentialIndex index,
      TokenExchange exchange,
      HttpApi http,
      LastUseWriter lastUse,
      ConsumerSigning signing) {
    this.signing = signing;
    this.lastUse = lastUse;
    this.index = index;
    this.exchange = exchange;
    this.http = http;
  }

  /** On {@code port} with the default settings, for a process that also runs the operator. */
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
    return start(client, clock, ServerSettings.defaults(port, exchangeSettings));
  }

  /** The HTTP API beside the operator: this replica also creates and rotates the signing keys. */
  public static VerificationServer start(
      KubernetesClient client, Clock clock, ServerSettings settings) {
    return start(client, clock, settings, true, Optional.empty());
  }

  /**
   * As {@link #start(KubernetesClient, Clock, ServerSettings)}, beside the operator in this
   * process: ApiTokens are read from the apitoken controller's cache, so they are cached once.
   */
  public static VerificationServer besideOperator(
      KubernetesClient client,
      Clock clock,
      ServerSettings settings,
      ControllerCache<ApiToken> tokenCache) {
    return start(client, clock, settings, true, Optional.of(tokenCache));
  }

  /**
   * The verification side alone, for a replica that runs no reconciler: it only reads the signing
   * keys, which the operator creates and rotates.
   */
  public static VerificationServer startVerifierOnly(
      KubernetesClient client, Clock clock, ServerSettings settings) {
    return start(client, clock, settings, false, Optional.empty());
  }

  private static VerificationServer start(
      KubernetesClient client,
      Clock clock,
      ServerSettings settings,
      boolean manageKeys,
      Optional<ControllerCache<ApiToken>> tokenCache) {
    ExchangeSettings exchangeSettings = settings.exchange();
    // The password records are kept beside the signing keys, in the operator's namespace.
    CredentialIndex index =
        CredentialIndex.start(client, clock, exchangeSettings.keysNamespace(), tokenCache);
    TokenExchange exchange = TokenExchange.start(client, clock, exchangeSettings, manageKeys);
    FailureThrottle throttle =
        new FailureThrottle(MAX_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    LastUseRecorder recorder = new LastUseRecorder(settings.lastUseInterval());
    LastUseWriter lastUse = new LastUseWriter(client, recorder, index::token, LAST_USE_TICK);
    ConsumerSigning signing =
        ConsumerSigning.start(client, clock, exchangeSettings, index, exchange);
    KeyGate checks = new KeyGate(index, throttle, settings.clients());
    // A verifier-only replica is read-only by design (it may not write statuses): it records no
    // last use; the replicas of the operator Deployment do.
    KeyGate gate =
        !manageKeys
            ? checks
            : checks.reportingUses(
                (identity, address) -> {
                  Instant now = clock.instant();
                  if ("ApiToken".equals(identity.kind())
                      && recorder.wants(identity.lastUsedAt(), now)) {
                    recorder.record(
                        new LastUse(
                            identity.namespace(), identity.credentialName(), now, address.get()));
                  }
                });
    HttpApi http =
        HttpApi.start(
            settings.port(),
            List.of(
                new ForwardAuthEndpoints(
                    gate.alsoAcceptingAccessTokens(
                        signing.orAccessTokens(exchange.accessTokenIdentities(index)))),
                new IntrospectionEndpoints(gate, exchangeSettings.issuer()),
                new WhoamiEndpoints(gate),
                exchange.endpoints(throttle, settings.clients(), signing.clientAssertions()),
                new LoginEndpoints(
                    new PasswordLogin(
                        index::userByUsername,
                        index::passwordHash,
                        exchangeSettings.roleMap(),
                        PasswordWork.shared(),
                        MAX_PENDING_LOGINS,
                        Duration.ofSeconds(2)),
                    gate,
                    new FailureThrottle(MAX_LOGIN_FAILURES_PER_ACCOUNT, ACCOUNT_WINDOW, clock),
                    exchange.accessTokenSigner(),
                    LOGIN_TOKEN_LIFETIME,
                    exchangeSettings.issuer(),
                    exchangeSettings.audience(),
                    clock)),
            settings.tls());
    return new VerificationServer(index, exchange, http, lastUse, signing);
  }

  /** Token exchange and JWT signing, for endpoints that hand out tokens. */
  public TokenExchange exchange() {
    return exchange;
  }

  /** Writes status.lastUsedAt; counts its writes. */
  public LastUseWriter lastUse() {
    return lastUse;
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
    return index.isCurrent() && exchange.isCurrent() && signing.isCurrent();
  }

  @Override
  public void close() {
    lastUse.close();
    http.close();
    exchange.close();
    signing.close();
    index.close();
  }
}
