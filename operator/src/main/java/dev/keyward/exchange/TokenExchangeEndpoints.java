package dev.keyward.exchange;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyward.http.ClientAddress;
import dev.keyward.http.Endpoints;
import dev.keyward.http.HttpApi;
import dev.keyward.metrics.VerificationMetrics;
import dev.keyward.metrics.VerificationMetrics.Outcome;
import dev.keyward.verify.FailureThrottle;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchanges an Application's id and secret for a signed access token: Run:ai's {@code POST
 * /api/v1/token} and RFC 6749 client credentials at {@code POST /oauth/token}; publishes the public
 * signing keys at {@code /.well-known/jwks.json} and RFC 8414 metadata beside them.
 */
public final class TokenExchangeEndpoints implements Endpoints {

  private static final Logger log = LoggerFactory.getLogger(TokenExchangeEndpoints.class);

  static final String RUNAI_PATH = "/api/v1/token";
  static final String TOKEN_PATH = "/oauth/token";
  static final String JWKS_PATH = "/.well-known/jwks.json";

  private final ApplicationIndex apps;
  private final AccessTokens tokens;
  private final SigningKeys keys;
  private final FailureThrottle throttle;
  private final ClientAddress clients;
  private final String issuer;
  private final ClientAssertions assertions;

  public TokenExchangeEndpoints(
      ApplicationIndex apps,
      AccessTokens tokens,
      SigningKeys keys,
      FailureThrottle throttle,
      ClientAddress clients,
      String issuer) {
    this(apps, tokens, keys, throttle, clients, issuer, ClientAssertions.NONE);
  }

  public TokenExchangeEndpoints(
      ApplicationIndex apps,
      AccessTokens tokens,
      SigningKeys keys,
      FailureThrottle throttle,
      ClientAddress clients,
      String issuer,
      ClientAssertions assertions) {
    this.assertions = assertions;
    this.apps = apps;
    this.tokens = tokens;
    this.keys = keys;
    this.throttle = throttle;
    this.clients = clients;
    this.issuer = issuer;
  }

  @Override
  public void mount(Router router) {
    BodyHandler body =
        BodyHandler.create().setBodyLimit(HttpApi.MAX_BODY_BYTES).setHandleFileUploads(false);
    router.post(RUNAI_PATH).handler(body).handler(this::runai);
    router.post(TOKEN_PATH).handler(body).handler(this::clientCredentials);
    router.get(JWKS_PATH).handler(this::jwks);
    router.get("/.well-known/oauth-authorization-server").handler(this::metadata);
  }

  /** Run:ai: {@code {"grantType":"app_token","AppId":…,"AppSecret":…}} → {@code accessToken}. */
  private void runai(RoutingContext ctx) {
    TokenResponse out = new TokenResponse(ctx, clients);
    JsonObject request;
    try {
      request = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      request = null;
    }
    if (request == null) {
      out.error(400, "invalid_request", "the body must be a JSON object");
      return;
    }
    if (!"app_token".equals(request.getValue("grantType"))) {
      out.error(400, "unsupported_grant_type", "grantType must be app_token");
      return;
    }
    Optional<AppClient> client =
        apps.authenticate(text(request, "AppId"), text(request, "AppSecret"));
    if (client.isEmpty()) {
      out.invalidClient(throttle, false);
      return;
    }
    mint(
        ctx,
        out,
        client.get(),
        client.get().scopes(),
        minted -> new JsonObject().put("accessToken", minted.token()));
  }

  /** RFC 6749 section 4.4: client credentials grant. */
  private void clientCredentials(RoutingContext ctx) {
    TokenResponse out = new TokenResponse(ctx, clients);
    var form = ctx.request().formAttributes();
    if (!ctx.queryParams().isEmpty()) {
      out.error(400, "invalid_request", "parameters go in the form body, not the query string");
      return;
    }
    for (String name : form.names()) {
      if (form.getAll(name).size() > 1) {
        out.error(400, "invalid_request", "parameter " + name + " appears more than once");
        return;
      }
    }
    String grant = form.get("grant_type");
    if (grant == null) {
      out.error(400, "invalid_request", "grant_type is required");
      return;
    }
    if (!"client_credentials".equals(grant)) {
      out.error(400, "unsupported_grant_type", "only client_credentials is supported");
      return;
    }
    Optional<AppClient> client;
    if (form.contains("client_assertion") || form.contains("client_assertion_type")) {
      Optional<String> malformed = ClientAssertionRequest.malformed(ctx.request().headers(), form);
      if (malformed.isPresent()) {
        out.error(400, "invalid_request", malformed.get());
        return;
      }
      client = assertions.authenticate(form.get("client_assertion"), form.get("client_id"));
    } else {
      ClientCredentials.Result credentials = ClientCredentials.from(ctx.request().headers(), form);
      if (credentials.malformed().isPresent()) {
        out.error(400, "invalid_request", credentials.malformed().get());
        return;
      }
      client =
          credentials.presented()
              ? apps.authenticate(credentials.id().get(), credentials.secret().get())
              : Optional.empty();
    }
    if (client.isEmpty()) {
      out.invalidClient(throttle, true);
      return;
    }
    Set<String> granted = client.get().scopes();
    String requested = form.get("scope");
    if (requested != null) {
      Set<String> asked = new LinkedHashSet<>(Arrays.asList(requested.trim().split(" +")));
      asked.remove("");
      if (!granted.containsAll(asked)) {
        out.error(400, "invalid_scope", "the requested scope exceeds the application's roles");
        return;
      }
      granted = asked;
    }
    mint(
        ctx,
        out,
        client.get(),
        granted,
        minted ->
            new JsonObject()
                .put("access_token", minted.token())
                .put("token_type", "Bearer")
                .put("expires_in", minted.expiresIn())
                .put("scope", minted.scope()));
  }

  /**
   * Mints the access token on a worker thread and answers with {@code body} of it. Its ECDSA
   * signature is the one costly step of a request (about a tenth of a millisecond): off the event
   * loop, requests are signed on every core instead of on the one loop that serves the HTTP API.
   */
  private void mint(
      RoutingContext ctx,
      TokenResponse out,
      AppClient client,
      Set<String> scopes,
      Function<AccessTokens.Minted, JsonObject> body) {
    ctx.vertx()
        .executeBlocking(() -> tokens.mint(client, scopes), false)
        .onSuccess(minted -> out.ok(body.apply(minted)))
        .onFailure(
            e -> {
              // The exception's class only: its message could quote what was being signed.
              log.warn("an access token could not be issued ({})", e.getClass().getName());
              out.error(500, "server_error", "the access token could not be issued");
            });
  }

  private void jwks(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "application/jwk-set+json")
        // Shorter than the time a new key is published ahead of its use.
        .putHeader("Cache-Control", "public, max-age=300")
        .end(JSONObjectUtils.toJSONString(keys.publicKeys().toJSONObject(true)));
  }

  private void metadata(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(metadata(issuer).encode());
  }

  /**
   * RFC 8414 authorization server metadata. The issuer is exactly the {@code iss} of the tokens, a
   * trailing slash included (RFC 8414 section 3.3); only the endpoint URLs are built without it.
   */
  static JsonObject metadata(String issuer) {
    String base = issuer.replaceAll("/+$", "");
    return new JsonObject()
        .put("issuer", issuer)
        .put("token_endpoint", base + TOKEN_PATH)
        .put("jwks_uri", base + JWKS_PATH)
        .put("grant_types_supported", new JsonArray().add("client_credentials"))
        .put(
            "token_endpoint_auth_methods_supported",
            new JsonArray()
                .add("client_secret_basic")
                .add("client_secret_post")
                .add("private_key_jwt"))
        .put(
            "token_endpoint_auth_signing_alg_values_supported",
            new JsonArray().add("EdDSA").add("ES256").add("HS256"));
  }

  private static String text(JsonObject request, String field) {
    return request.getValue(field) instanceof String s ? s : null;
  }

  /** Writes token responses: never cached, errors in RFC 6749 section 5.2 form. */
  private static final class TokenResponse {
    private final RoutingContext ctx;
    private final ClientAddress clients;

    TokenResponse(RoutingContext ctx, ClientAddress clients) {
      this.ctx = ctx;
      this.clients = clients;
    }

    /** Sends 429 when the client failed too often; asked only after its credentials failed. */
    boolean throttled(FailureThrottle throttle) {
      Optional<Long> seconds = throttle.retryAfterSeconds(clients.of(ctx));
      if (seconds.isEmpty()) {
        return false;
      }
      VerificationMetrics.record(Outcome.throttled);
      ctx.response().putHeader("Retry-After", Long.toString(seconds.get()));
      error(429, "too_many_failures", "too many failed attempts; retry later");
      return true;
    }

    void invalidClient(FailureThrottle throttle, boolean basicChallenge) {
      if (throttled(throttle)) {
        return;
      }
      throttle.recordFailure(clients.of(ctx));
      if (basicChallenge) {
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"keyward\"");
      }
      // One answer for unknown, wrong, disabled, expired and deleted applications.
      error(401, "invalid_client", "client authentication failed");
    }

    void ok(JsonObject body) {
      send(200, body);
    }

    void error(int status, String code, String description) {
      send(status, new JsonObject().put("error", code).put("error_description", description));
    }

    private void send(int status, JsonObject body) {
      if (ctx.response().closed()) {
        // The client left while its token was being signed.
        return;
      }
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .putHeader("Pragma", "no-cache")
          .end(body.encode());
    }
  }
}
