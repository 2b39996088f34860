package dev.keyward.operator;

import io.javaoperatorsdk.operator.RuntimeInfo;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness ({@code /healthz}) and readiness ({@code /readyz}) endpoints for the kubelet. */
public final class HealthServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

  private final Vertx vertx;
  private final HttpServer server;

  private HealthServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts on the given port (0 picks a free one); readiness follows the operator's informers. */
  public static HealthServer start(int port, Supplier<RuntimeInfo> runtimeInfo) {
    Vertx vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  String path = request.path();
                  if ("/healthz".equals(path)) {
                    request.response().end("ok");
                  } else if ("/readyz".equals(path)) {
                    RuntimeInfo info = runtimeInfo.get();
                    boolean ready =
                        info != null && info.isStarted() && info.allEventSourcesAreHealthy();
                    request
                        .response()
                        .setStatusCode(ready ? 200 : 503)
                        .end(ready ? "ok" : "not ready");
                  } else {
                    request.response().setStatusCode(404).end();
                  }
                });
    try {
      server.listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("cannot listen on health port " + port, e);
    }
    log.info("health endpoints on port {}", server.actualPort());
    return new HealthServer(vertx, server);
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }
}
