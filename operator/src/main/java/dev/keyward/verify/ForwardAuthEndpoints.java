package dev.keyward.verify;

import dev.keyward.http.Endpoints;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Forward-auth for nginx {@code auth_request}, Traefik ForwardAuth and Envoy ext_authz: 200 with
 * identity headers for a valid key, one identical 401 for every other key.
 */
public final class ForwardAuthEndpoints implements Endpoints {

  static final String UNAUTHORIZED_BODY = "{\"error\":\"unauthorized\"}";

  private final CredentialIndex index;
  private final FailureThrottle throttle;

  public ForwardAuthEndpoints(CredentialIndex index, FailureThrottle throttle) {
    this.index = index;
    this.throttle = throttle;
  }

  @Override
  public void mount(Router router) {
    router.route("/auth").handler(this::check);
    router.route("/auth/*").handler(this::check);
  }

  private void check(RoutingContext ctx) {
    Optional<Identity> identity = Gate.authenticate(ctx, index, throttle);
    if (identity.isEmpty()) {
      return;
    }
    Identity id = identity.get();
    HttpServerResponse response = ctx.response();
    response
        .putHeader("X-Keyward-User", id.username())
        .putHeader("X-Keyward-User-Id", id.userId())
        .putHeader("X-Keyward-Namespace", id.namespace())
        .putHeader("X-Keyward-Groups", String.join(",", id.groups()))
        .putHeader("X-Keyward-Scopes", String.join(" ", id.scopes()))
        .putHeader("X-Keyward-Credential", id.kind() + "/" + id.credentialName())
        .putHeader("Cache-Control", "no-store")
        .setStatusCode(200)
        .end();
  }

  /** The shared front door of every endpoint that takes a key: refuse, throttle, verify. */
  static final class Gate {
    private Gate() {}

    static Optional<Identity> authenticate(
        RoutingContext ctx, CredentialIndex index, FailureThrottle throttle) {
      String client = clientOf(ctx);
      Optional<Duration> wait = throttle.retryAfter(client);
      if (wait.isPresent()) {
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        ctx.response()
            .setStatusCode(429)
            .putHeader("Retry-After", Long.toString(seconds))
            .putHeader("Content-Type", "application/json")
            .end("{\"error\":\"too_many_failures\"}");
        return Optional.empty();
      }
      PresentedKey.Result presented = PresentedKey.from(ctx.request().headers(), ctx.queryParams());
      if (presented.badRequest().isPresent()) {
        ctx.response()
            .setStatusCode(400)
            .putHeader("Content-Type", "application/json")
            .end(
                "{\"error\":\"invalid_request\",\"error_description\":\""
                    + presented.badRequest().get()
                    + "\"}");
        return Optional.empty();
      }
      Optional<Identity> identity = presented.key().flatMap(index::verify);
      if (identity.isEmpty()) {
        throttle.recordFailure(client);
        ctx.response()
            .setStatusCode(401)
            .putHeader("WWW-Authenticate", "Bearer realm=\"keyward\"")
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(UNAUTHORIZED_BODY);
      }
      return identity;
    }

    /** The first X-Forwarded-For hop (set by the proxy in front), else the peer address. */
    static String clientOf(RoutingContext ctx) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        return forwarded.split(",")[0].trim();
      }
      return ctx.request().remoteAddress() == null
          ? "unknown"
          : ctx.request().remoteAddress().host();
    }
  }
}
