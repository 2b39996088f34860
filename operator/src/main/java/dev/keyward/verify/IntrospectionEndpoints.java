package dev.keyward.verify;

import dev.keyward.http.Endpoints;
import dev.keyward.http.HttpApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.Optional;

/**
 * RFC 7662 token introspection. The caller authenticates with its own Keyward key, which must carry
 * the {@code keyward:introspect} scope; an inactive token gets exactly {@code {"active":false}}.
 */
public final class IntrospectionEndpoints implements Endpoints {

  public static final String SCOPE = "keyward:introspect";

  private final KeyGate gate;
  private final String issuer;

  /** {@code issuer}: the public URL, the same {@code iss} as the access tokens Keyward signs. */
  public IntrospectionEndpoints(KeyGate gate, String issuer) {
    this.gate = gate;
    this.issuer = issuer;
  }

  @Override
  public void mount(Router router) {
    router
        .post("/introspect")
        .handler(BodyHandler.create(false).setBodyLimit(HttpApi.MAX_BODY_BYTES))
        .handler(this::introspect);
  }

  private void introspect(RoutingContext ctx) {
    Optional<Identity> caller = gate.authenticate(ctx);
    if (caller.isEmpty()) {
      return;
    }
    if (!caller.get().scopes().contains(SCOPE)) {
      ctx.response()
          .setStatusCode(403)
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "insufficient_scope").put("scope", SCOPE).encode());
      return;
    }
    String token = ctx.request().getFormAttribute("token");
    if (token == null || token.isEmpty()) {
      KeyGate.badRequest(ctx, "the token parameter is required");
      return;
    }
    JsonObject answer =
        gate.index().verify(token).map(this::active).orElse(new JsonObject().put("active", false));
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(answer.encode());
  }

  private JsonObject active(Identity id) {
    JsonObject json =
        new JsonObject()
            .put("active", true)
            .put("scope", String.join(" ", id.scopes()))
            .put("username", id.username())
            .put("sub", id.userId())
            .put("token_type", "api_key")
            .put("iss", issuer)
            .put("namespace", id.namespace())
            .put("credential", id.kind() + "/" + id.credentialName());
    Optional.ofNullable(id.issuedAt())
        .map(Instant::getEpochSecond)
        .ifPresent(t -> json.put("iat", t));
    Optional.ofNullable(id.expiresAt())
        .map(Instant::getEpochSecond)
        .ifPresent(t -> json.put("exp", t));
    return json;
  }
}
