package dev.keyward.verify;

import dev.keyward.http.Endpoints;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Forward-auth for nginx {@code auth_request}, Traefik ForwardAuth and Envoy ext_authz: 200 with
 * identity headers for a valid key, one identical 401 for every other key. {@code
 * X-Keyward-Subject} ({@code <namespace>/<username>}, or {@code <namespace>/application/<name>} for
 * an Application) is what a backend should key callers on; headers with nothing to say are left
 * out.
 */
public final class ForwardAuthEndpoints implements Endpoints {

  private final KeyGate gate;

  public ForwardAuthEndpoints(KeyGate gate) {
    this.gate = gate;
  }

  /** The check's path; Envoy's ext_authz HTTP service appends the client's path to it. */
  static final String PATH = "/auth";

  /**
   * Answers the check for {@code /auth} and every path below it, judged on the path as it arrived
   * as well as normalised, before any other route: a client path that normalises elsewhere ({@code
   * /auth/api/%2e%2e/%2e%2e/.well-known/jwks.json}, as Envoy sends it) is still the check, never
   * the public JWKS or metadata.
   */
  @Override
  public void mount(Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              if (isCheck(ctx.request().path()) || isCheck(ctx.normalizedPath())) {
                check(ctx);
              } else {
                ctx.next();
              }
            });
  }

  /** {@code /auth} itself or any path below it, compared as the bytes arrived. */
  static boolean isCheck(String path) {
    return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
  }

  private void check(RoutingContext ctx) {
    Optional<Identity> identity = gate.authenticate(ctx);
    if (identity.isEmpty()) {
      return;
    }
    Identity id = identity.get();
    HttpServerResponse response = ctx.response();
    response
        .putHeader("X-Keyward-User", id.username())
        .putHeader("X-Keyward-Subject", id.subject())
        .putHeader("X-Keyward-User-Id", id.userId())
        .putHeader("X-Keyward-Namespace", id.namespace());
    // An empty list is no header at all: a backend never sees "X-Keyward-Groups: " for no groups.
    putIfNotEmpty(response, "X-Keyward-Groups", id.groups(), ",");
    putIfNotEmpty(response, "X-Keyward-Scopes", id.scopes(), " ");
    putIfNotEmpty(response, "X-Keyward-Roles", id.roles(), ",");
    putIfNotEmpty(response, "X-Keyward-Projects", id.projects(), ",");
    response
        .putHeader("X-Keyward-Credential", id.kind() + "/" + id.credentialName())
        .putHeader("Cache-Control", "no-store")
        .setStatusCode(200)
        .end();
  }

  private static void putIfNotEmpty(
      HttpServerResponse response, String name, List<String> values, String separator) {
    if (values.size() == 1) {
      putIfNotEmpty(response, name, values.get(0));
    } else if (values.size() > 1) {
      response.putHeader(name, String.join(separator, values));
    }
  }

  private static void putIfNotEmpty(HttpServerResponse response, String name, String value) {
    if (!value.isEmpty()) {
      response.putHeader(name, value);
    }
  }
}
