package dev.keyward.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Keyward's HTTP side, served by every replica: verification, introspection, whoami, login and
 * token exchange. Request headers and bodies are size-limited; each endpoint group mounts itself.
 */
public final class HttpApi implements AutoCloseable {

  /** Largest request body accepted anywhere; credentials and forms are far smaller. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private final ListeningServer server;

  private HttpApi(ListeningServer server) {
    this.server = server;
  }

  public static HttpApi start(int port, List<Endpoints> endpoints) {
    return new HttpApi(
        ListeningServer.listen(
            "HTTP API",
            port,
            new HttpServerOptions().setMaxHeaderSize(8 * 1024).setMaxInitialLineLength(4096),
            vertx -> {
              Router router = Router.router(vertx);
              endpoints.forEach(e -> e.mount(router));
              return router;
            }));
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
