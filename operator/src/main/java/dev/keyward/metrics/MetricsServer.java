package dev.keyward.metrics;

import dev.keyward.http.ListeningServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code /metrics} in the Prometheus text format on its own port. */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ListeningServer server;

  private MetricsServer(ListeningServer server) {
    this.server = server;
  }

  /** Starts on the given port (0 picks a free one); {@code beforeScrape} refreshes gauges. */
  public static MetricsServer start(
      int port, PrometheusMeterRegistry registry, Runnable beforeScrape) {
    return new MetricsServer(
        ListeningServer.sidePort(
            "metrics",
            port,
            vertx ->
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
                }));
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
