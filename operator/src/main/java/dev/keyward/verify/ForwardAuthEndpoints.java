package dev.keyward.verify;

import dev.keyward.http.Endpoints;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Forward-auth for nginx {@code auth_request}, Traefik ForwardAuth and Envoy ext_authz: 200 with
 * identity headers for a valid key, one identical 401 for every other key.
 */
public final class ForwardAuthEndpoints implements Endpoints {

  private final KeyGate gate;

  public ForwardAuthEndpoints(KeyGate gate) {
    this.gate = gate;
  }

  @Override
  public void mount(Router router) {
    router.route("/auth").handler(this::check);
    router.route("/auth/*").handler(this::check);
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
        .putHeader("X-Keyward-User-Id", id.userId())
        .putHeader("X-Keyward-Namespace", id.namespace())
        .putHeader("X-Keyward-Groups", String.join(",", id.groups()))
        .putHeader("X-Keyward-Scopes", String.join(" ", id.scopes()))
        .putHeader("X-Keyward-Roles", String.join(",", id.roles()))
        .putHeader("X-Keyward-Projects", String.join(",", id.projects()))
        .putHeader("X-Keyward-Credential", id.kind() + "/" + id.credentialName())
        .putHeader("Cache-Control", "no-store")
        .setStatusCode(200)
        .end();
  }
}
