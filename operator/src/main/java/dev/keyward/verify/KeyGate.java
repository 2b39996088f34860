package dev.keyward.verify;

import dev.keyward.api.ApiToken;
import dev.keyward.http.ClientAddress;
import dev.keyward.http.HttpApi;
import dev.keyward.metrics.VerificationMetrics;
import dev.keyward.metrics.VerificationMetrics.Outcome;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of every endpoint that takes a key: refuses ambiguous requests, verifies the key,
 * and gives every failure the same 401 — or a 429 once the client failed too often. The key is
 * checked first: a valid key is never refused because of earlier failures from the same address.
 */
public final class KeyGate {

  private static final Logger log = LoggerFactory.getLogger(KeyGate.class);

  static final String UNAUTHORIZED_BODY = "{\"error\":\"unauthorized\"}";

  private final CredentialIndex index;
  private final FailureThrottle throttle;
  private final ClientAddress clients;
  private final Function<String, Optional<Identity>> accessTokens;
  private final BiConsumer<Identity, Supplier<String>> uses;

  /** Throttles per client, the client being who {@code clients} says called. */
  public KeyGate(CredentialIndex index, FailureThrottle throttle, ClientAddress clients) {
    this(index, throttle, clients, token -> Optional.empty(), (identity, client) -> {});
  }

  private KeyGate(
      CredentialIndex index,
      FailureThrottle throttle,
      ClientAddress clients,
      Function<String, Optional<Identity>> accessTokens,
      BiConsumer<Identity, Supplier<String>> uses) {
    this.index = index;
    this.throttle = throttle;
    this.clients = clients;
    this.accessTokens = accessTokens;
    this.uses = uses;
  }

  /** The same gate (same throttle) that also accepts Keyward's own access tokens (JWTs). */
  public KeyGate alsoAcceptingAccessTokens(Function<String, Optional<Identity>> accessTokens) {
    return new KeyGate(index, throttle, clients, accessTokens, uses);
  }

  /**
   * The same gate, telling {@code uses} of every accepted credential and how to find its client
   * address (worked out only when asked).
   */
  public KeyGate reportingUses(BiConsumer<Identity, Supplier<String>> uses) {
    return new KeyGate(index, throttle, clients, accessTokens, uses);
  }

  /** The caller's identity; when empty, the response has already been sent. */
  public Optional<Identity> authenticate(RoutingContext ctx) {
    // Query parameters are decoded only when there is a query string.
    PresentedKey.Result presented =
        PresentedKey.from(
            ctx.request().headers(), ctx.request().query() == null ? null : ctx.queryParams());
    if (presented.badRequest().isPresent()) {
      VerificationMetrics.record(Outcome.bad_request);
      badRequest(ctx, presented.badRequest().get());
      return Optional.empty();
    }
    Optional<Identity> identity =
        presented.key().flatMap(key -> index.verify(key).or(() -> accessTokens.apply(key)));
    if (identity.isEmpty()) {
      String client = clients.of(ctx);
      if (refuseIfThrottled(ctx, client)) {
        return identity;
      }
      throttle.recordFailure(client);
      VerificationMetrics.record(refusal(presented));
      unauthorized(ctx);
    } else {
      VerificationMetrics.record(Outcome.valid);
      uses.accept(identity.get(), () -> clients.of(ctx));
    }
    return identity;
  }

  /** The calling client's address, as the trusted proxies report it. */
  public String clientOf(RoutingContext ctx) {
    return clients.of(ctx);
  }

  /**
   * How a refusal is counted: a deprecated key apart (logged without the key), else unauthorized.
   */
  private Outcome refusal(PresentedKey.Result presented) {
    Optional<ApiToken> deprecated = presented.key().flatMap(index::deprecatedHolderOf);
    if (deprecated.isEmpty()) {
      return Outcome.unauthorized;
    }
    log.info(
        "refused a deprecated key of ApiToken {}/{}",
        deprecated.get().getMetadata().getNamespace(),
        deprecated.get().getMetadata().getName());
    return Outcome.deprecated;
  }

  /** Sends 429 with Retry-After when the client failed too often; true when it did. */
  public boolean refuseIfThrottled(RoutingContext ctx, String client) {
    return refuseIfThrottled(ctx, throttle, client);
  }

  /**
   * Sends 429 with Retry-After when {@code key} failed too often in {@code by}, and counts the
   * answer as {@code throttled}; true if so.
   */
  public boolean refuseIfThrottled(RoutingContext ctx, FailureThrottle by, String key) {
    Optional<Long> seconds = by.retryAfterSeconds(key);
    if (seconds.isEmpty()) {
      return false;
    }
    VerificationMetrics.record(Outcome.throttled);
    ctx.response()
        .setStatusCode(429)
        .putHeader("Retry-After", Long.toString(seconds.get()))
        .putHeader("Content-Type", "application/json")
        .end("{\"error\":\"too_many_failures\"}");
    return true;
  }

  public void recordFailure(RoutingContext ctx) {
    throttle.recordFailure(clients.of(ctx));
  }

  public static void unauthorized(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"keyward\"")
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(UNAUTHORIZED_BODY);
  }

  public static void badRequest(RoutingContext ctx, String reason) {
    HttpApi.invalidRequest(ctx.response(), 400, reason);
  }

  public CredentialIndex index() {
    return index;
  }
}
