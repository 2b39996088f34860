package dev.keyward.verify;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.http.Endpoints;
import dev.keyward.http.HttpApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code POST /login}: KernelCI's get_token. An ApiUser's username and password (form or JSON, with
 * its namespace) give a short-lived JWT whose scopes stay within the user's ceiling. Failures are
 * limited per client address and per account, before any password is checked.
 */
public final class LoginEndpoints implements Endpoints {

  private final PasswordLogin login;
  private final KeyGate gate;
  private final FailureThrottle accounts;
  private final AccessTokenSigner signer;
  private final Duration lifetime;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  public LoginEndpoints(
      PasswordLogin login,
      KeyGate gate,
      FailureThrottle accounts,
      AccessTokenSigner signer,
      Duration lifetime,
      String issuer,
      String audience,
      Clock clock) {
    this.login = login;
    this.gate = gate;
    this.accounts = accounts;
    this.signer = signer;
    this.lifetime = lifetime;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router
        .post("/login")
        .handler(BodyHandler.create(false).setBodyLimit(HttpApi.MAX_BODY_BYTES))
        .handler(this::login);
  }

  private void login(RoutingContext ctx) {
    if (gate.refuseIfThrottled(ctx, gate.clientOf(ctx))) {
      return;
    }
    JsonObject form = fields(ctx);
    String namespace = form.getString("namespace");
    String username = form.getString("username");
    String password = form.getString("password");
    if (namespace == null || username == null || password == null) {
      KeyGate.badRequest(ctx, "namespace, username and password are required");
      return;
    }
    String account = account(namespace, username);
    if (gate.refuseIfThrottled(ctx, accounts, account)) {
      return;
    }
    Set<String> scopes =
        Arrays.stream(form.getString("scope", "").trim().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    login
        .submit(ctx.vertx(), namespace, username, password, scopes)
        .onSuccess(outcome -> answer(ctx, account, outcome))
        .onFailure(e -> ctx.response().setStatusCode(500).end());
  }

  /** A short, fixed-size key for the account, whatever length of name the caller sent. */
  static String account(String namespace, String username) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((namespace + "\0" + username).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void answer(RoutingContext ctx, String account, PasswordLogin.Outcome outcome) {
    if (outcome instanceof PasswordLogin.Success success) {
      ok(ctx, success);
    } else if (outcome instanceof PasswordLogin.InvalidScope invalid) {
      json(
          ctx,
          400,
          new JsonObject()
              .put("error", "invalid_scope")
              .put(
                  "error_description",
                  "scopes not allowed: " + String.join(" ", invalid.notAllowed())));
    } else if (outcome instanceof PasswordLogin.Busy) {
      ctx.response().putHeader("Retry-After", "1");
      json(ctx, 503, new JsonObject().put("error", "temporarily_unavailable"));
    } else {
      gate.recordFailure(ctx);
      accounts.recordFailure(account);
      KeyGate.unauthorized(ctx);
    }
  }

  private void ok(RoutingContext ctx, PasswordLogin.Success success) {
    Identity id = success.identity();
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(id.userId())
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim("client_id", "keyward-login")
            .claim("preferred_username", id.username())
            .claim("namespace", id.namespace())
            .claim("groups", id.groups())
            .claim("roles", id.roles())
            .claim("scope", String.join(" ", success.scopes()))
            .build();
    ctx.response().putHeader("Cache-Control", "no-store");
    json(
        ctx,
        200,
        new JsonObject()
            .put("access_token", signer.sign(claims))
            .put("token_type", "Bearer")
            .put("expires_in", lifetime.toSeconds())
            .put("scope", String.join(" ", success.scopes())));
  }

  private static JsonObject fields(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.startsWith("application/json")) {
      try {
        JsonObject body = ctx.body().asJsonObject();
        return body == null ? new JsonObject() : body;
      } catch (RuntimeException e) {
        return new JsonObject();
      }
    }
    JsonObject form = new JsonObject();
    ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
    return form;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
