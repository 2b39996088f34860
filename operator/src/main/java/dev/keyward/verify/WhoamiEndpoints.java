package dev.keyward.verify;

import dev.keyward.http.Endpoints;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** {@code GET /whoami}: a KernelCI-like profile of the key's owner; never any secret material. */
public final class WhoamiEndpoints implements Endpoints {

  private final KeyGate gate;

  public WhoamiEndpoints(KeyGate gate) {
    this.gate = gate;
  }

  @Override
  public void mount(Router router) {
    router.get("/whoami").handler(this::whoami);
  }

  private void whoami(RoutingContext ctx) {
    Optional<Identity> identity = gate.authenticate(ctx);
    if (identity.isEmpty()) {
      return;
    }
    Identity id = identity.get();
    JsonObject credential =
        new JsonObject()
            .put("kind", id.kind())
            .put("name", id.credentialName())
            .put("id", id.credentialId())
            .put("scopes", new JsonArray(id.scopes()));
    Optional.ofNullable(id.expiresAt()).ifPresent(e -> credential.put("expiresAt", e.toString()));
    JsonObject profile =
        new JsonObject()
            .put("id", id.userId())
            .put("username", id.username())
            .put("namespace", id.namespace())
            .put("email", id.email())
            .put("displayName", id.displayName())
            .put("groups", new JsonArray(id.groups()))
            .put("roles", new JsonArray(id.roles()))
            .put("active", true)
            .put("credential", credential);
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(profile.encode());
  }
}
