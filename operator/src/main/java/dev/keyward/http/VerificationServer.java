package dev.keyward.http;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.TokenExchange;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
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

  /** Default of --last-use-interval: at most one lastUsedAt write per token in this time. */
  public static final Duration DEFAULT_LAST_USE_INTERVAL = Duration.ofMinutes(5);

  /** How often due last uses are written: a first use shows within about this long. */
  static final Duration LAST_USE_TICK = Duration.ofSeconds(1);

  private final CredentialIndex index;
  private final TokenExchange exchange;
  private final HttpApi http;
  private final LastUseWriter lastUse;

  private VerificationServer(
      CredentialIndex index, TokenExchange exchange, HttpApi http, LastUseWriter lastUse) {
    this.lastUse = lastUse;
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
            KeywardConfig.DEFAULT_PUBLIC_URL, "default", RoleMapSource.of(RoleMap.EMPTY)));
  }

  public static VerificationServer start(
      KubernetesClient client, Clock clock, int port, ExchangeSettings exchangeSettings) {
    return start(client, clock, port, exchangeSettings, DEFAULT_LAST_USE_INTERVAL);
  }

  /** With {@code lastUseInterval}: at most one status.lastUsedAt write per token per interval. */
  public static VerificationServer start(
      KubernetesClient client,
      Clock clock,
      int port,
      ExchangeSettings exchangeSettings,
      Duration lastUseInterval) {
    CredentialIndex index = CredentialIndex.start(client, clock);
    TokenExchange exchange = TokenExchange.start(client, clock, exchangeSettings);
    FailureThrottle throttle =
        new FailureThrottle(MAX_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    LastUseRecorder recorder = new LastUseRecorder(lastUseInterval);
    LastUseWriter lastUse = new LastUseWriter(client, recorder, index::token, LAST_USE_TICK);
    KeyGate gate =
        new KeyGate(index, throttle)
            .reportingUses(
                (identity, address) -> {
                  if ("ApiToken".equals(identity.kind())) {
                    recorder.record(
                        new LastUse(
                            identity.namespace(),
                            identity.credentialName(),
                            clock.instant(),
                            address));
                  }
                });
    HttpApi http =
        HttpApi.start(
            port,
            List.of(
                new ForwardAuthEndpoints(
                    gate.alsoAcceptingAccessTokens(exchange.accessTokenIdentities(index))),
                new IntrospectionEndpoints(gate),
                new WhoamiEndpoints(gate),
                exchange.endpoints(throttle),
                new LoginEndpoints(
                    new PasswordLogin(
                        index::userByUsername,
                        exchangeSettings.roleMap(),
                        MAX_CONCURRENT_PASSWORD_CHECKS,
                        Duration.ofSeconds(2)),
                    gate,
                    exchange.accessTokenSigner(),
                    LOGIN_TOKEN_LIFETIME,
                    exchangeSettings.issuer(),
                    exchangeSettings.audience(),
                    clock)));
    return new VerificationServer(index, exchange, http, lastUse);
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

  @Override
  public void close() {
    lastUse.close();
    http.close();
    exchange.close();
    index.close();
  }
}
