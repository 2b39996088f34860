package dev.keyward.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyward's HTTP side, served by every replica: verification, introspection, whoami, login and
 * token exchange. Request headers and bodies are size-limited, HTTP/2 over cleartext (h2c) is off,
 * HTTP/2 streams per connection and open connections are capped, idle connections are closed. With
 * {@link TlsFiles} it serves HTTPS and picks up a renewed certificate when it checks the files.
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  /** Largest request body accepted anywhere; credentials and forms are far smaller. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  /** Connections open at once; beyond, new ones are closed as soon as they are accepted. */
  public static final int MAX_CONNECTIONS = 4096;

  /** Concurrent streams one HTTP/2 connection (over TLS) may open. */
  public static final long MAX_CONCURRENT_STREAMS = 100;

  /** A connection that sends or receives nothing this long is closed. */
  public static final int IDLE_TIMEOUT_SECONDS = 30;

  private final ListeningServer server;

  private HttpApi(ListeningServer server) {
    this.server = server;
  }

  public static HttpApi start(int port, List<Endpoints> endpoints, Optional<TlsFiles> tls) {
    HttpApi api =
        new HttpApi(
            ListeningServer.listen(
                tls.isPresent() ? "HTTPS API" : "HTTP API",
                port,
                options(tls),
                MAX_CONNECTIONS,
                vertx -> {
                  Router router = Router.router(vertx);
                  endpoints.forEach(e -> e.mount(router));
                  answerRefusedRequests(router);
                  return router;
                }));
    tls.ifPresent(api::reloadWhenRenewed);
    return api;
  }

  /**
   * Requests the router's own handlers refuse (a body over {@link #MAX_BODY_BYTES}, a body that
   * cannot be decoded) get the API's JSON error instead of the router's default answer, which also
   * logged an error for each: any client could fill the log by sending oversized bodies. Failures
   * of Keyward's own handlers (500) keep the router's default, logged with their exception.
   */
  static void answerRefusedRequests(Router router) {
    router.errorHandler(
        413,
        ctx -> refuse(ctx, 413, "the request body is larger than " + MAX_BODY_BYTES + " bytes"));
    router.errorHandler(400, ctx -> refuse(ctx, 400, "the request could not be read"));
  }

  private static void refuse(RoutingContext ctx, int status, String reason) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    invalidRequest(ctx.response().putHeader("Cache-Control", "no-store"), status, reason);
  }

  /** Ends the response with the API's JSON error for a request it will not serve. */
  public static void invalidRequest(HttpServerResponse response, int status, String reason) {
    response
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("error", "invalid_request")
                .put("error_description", reason)
                .encode());
  }

  /** The server's options: exposed so that tests can check what the server is told. */
  public static HttpServerOptions options(Optional<TlsFiles> tls) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setMaxHeaderSize(8 * 1024)
            .setMaxInitialLineLength(4096)
            .setHttp2ClearTextEnabled(false)
            .setInitialSettings(
                new Http2Settings()
                    .setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                    .setMaxHeaderListSize(8 * 1024))
            .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
            .setIdleTimeoutUnit(TimeUnit.SECONDS);
    tls.ifPresent(files -> options.setSsl(true).setKeyCertOptions(files.options()));
    return options;
  }

  private void reloadWhenRenewed(TlsFiles tls) {
    AtomicReference<String> loaded = new AtomicReference<>(tls.version());
    server
        .vertx()
        .setPeriodic(
            tls.checkEvery().toMillis(),
            id -> {
              String version;
              try {
                version = tls.version();
              } catch (RuntimeException e) {
                log.warn("TLS certificate unreadable, keeping the current one: {}", e.toString());
                return;
              }
              if (version.equals(loaded.get())) {
                return;
              }
              server
                  .server()
                  .updateSSLOptions(new SSLOptions().setKeyCertOptions(tls.options()))
                  .onSuccess(
                      changed -> {
                        loaded.set(version);
                        log.info("TLS certificate reloaded from {}", tls.certificate());
                      })
                  .onFailure(
                      e ->
                          log.warn(
                              "TLS certificate could not be reloaded, keeping the current one: {}",
                              e.toString()));
            });
  }

  public int port() {
    return server.port();
  }

  public Vertx vertx() {
    return server.vertx();
  }

  @Override
  public void close() {
    server.close();
  }
}
