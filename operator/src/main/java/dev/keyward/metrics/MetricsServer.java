package dev.keyward.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code /metrics} in the Prometheus text format on its own port. */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final HttpServer server;

  private MetricsServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts on the given port (0 picks a free one); {@code beforeScrape} refreshes gauges. */
  public static MetricsServer start(
      int port, PrometheusMeterRegistry registry, Runnable beforeScrape) {
    Vertx vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  if (!"/metrics".equals(request.path())) {
                    request.response().setStatusCode(404).end();
                    return;
                  }
                  // Scraping reads caches only; it stays off the event loop all the same.
                  vertx
                      .executeBlocking(
                          () -> {
                            beforeScrape.run();
                            return registry.scrape();
                          })
                      .onSuccess(
                          body ->
                              request.response().putHeader("Content-Type", CONTENT_TYPE).end(body))
                      .onFailure(
                          e -> {
                            log.warn("metrics scrape failed: {}", e.toString());
                            request.response().setStatusCode(500).end();
                          });
                });
    try {
      server.listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("cannot listen on metrics port " + port, e);
    }
    log.info("metrics on port {}", server.actualPort());
    return new MetricsServer(vertx, server);
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }
}
