package dev.keyward.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Vert.x HTTP server on its own event loop: started listening, closed with its Vert.x. */
public final class ListeningServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ListeningServer.class);

  private final Vertx vertx;
  private final HttpServer server;

  private ListeningServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Listens on {@code port} (0 picks a free one) with the handler the factory builds for the new
   * Vert.x; fails when the port cannot be bound.
   */
  /** Connections a side port (health probes, metrics scrapes) holds open at once. */
  public static final int SIDE_PORT_MAX_CONNECTIONS = 64;

  /** A side-port connection that sends or receives nothing this long is closed. */
  public static final int SIDE_PORT_IDLE_TIMEOUT_SECONDS = 10;

  /**
   * A port that only probes and scrapers use (health, metrics): few connections, each closed when
   * idle, so that no client can hold it, or the process's file descriptors, with idle connections.
   */
  public static ListeningServer sidePort(
      String what, int port, Function<Vertx, Handler<HttpServerRequest>> handler) {
    return listen(
        what,
        port,
        new HttpServerOptions().setIdleTimeout(SIDE_PORT_IDLE_TIMEOUT_SECONDS),
        SIDE_PORT_MAX_CONNECTIONS,
        handler);
  }

  public static ListeningServer listen(
      String what,
      int port,
      HttpServerOptions options,
      Function<Vertx, Handler<HttpServerRequest>> handler) {
    return listen(what, port, options, 0, handler);
  }

  /**
   * As {@link #listen(String, int, HttpServerOptions, Function)}, closing connections beyond {@code
   * maxConnections} open at once as soon as they are accepted (0: no cap).
   */
  public static ListeningServer listen(
      String what,
      int port,
      HttpServerOptions options,
      int maxConnections,
      Function<Vertx, Handler<HttpServerRequest>> handler) {
    Vertx vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer(options).requestHandler(handler.apply(vertx));
    if (maxConnections > 0) {
      AtomicInteger open = new AtomicInteger();
      server.connectionHandler(
          connection -> {
            if (open.incrementAndGet() > maxConnections) {
              open.decrementAndGet();
              connection.close();
              return;
            }
            connection.closeHandler(v -> open.decrementAndGet());
          });
    }
    try {
      server.listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("cannot listen on " + what + " port " + port, e);
    }
    log.info("{} on port {}", what, server.actualPort());
    return new ListeningServer(vertx, server);
  }

  public int port() {
    return server.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public HttpServer server() {
    return server;
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }
}
