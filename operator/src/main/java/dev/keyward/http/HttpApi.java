package dev.keyward.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyward's HTTP side, served by every replica: verification, introspection, whoami, login and
 * token exchange. Request headers and bodies are size-limited; each endpoint group mounts itself.
 */
public final class HttpApi implements AutoCloseable {

  /** Largest request body accepted anywhere; credentials and forms are far smaller. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final Vertx vertx;
  private final HttpServer server;

  private HttpApi(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static HttpApi start(int port, List<Endpoints> endpoints) {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    endpoints.forEach(e -> e.mount(router));
    HttpServer server =
        vertx
            .createHttpServer(
                new HttpServerOptions().setMaxHeaderSize(8 * 1024).setMaxInitialLineLength(4096))
            .requestHandler(router);
    try {
      server.listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("cannot listen on HTTP port " + port, e);
    }
    log.info("HTTP API on port {}", server.actualPort());
    return new HttpApi(vertx, server);
  }

  public int port() {
    return server.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }
}
