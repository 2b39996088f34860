package dev.keyward.operator;

import dev.keyward.http.ListeningServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Liveness ({@code /healthz}) and readiness ({@code /readyz}) endpoints for the kubelet. */
public final class HealthServer implements AutoCloseable {

  private final ListeningServer server;

  private HealthServer(ListeningServer server) {
    this.server = server;
  }

  /** Starts on the given port (0 picks a free one); readiness follows the operator's informers. */
  public static HealthServer start(int port, Supplier<RuntimeInfo> runtimeInfo) {
    return start(port, () -> operatorReady(runtimeInfo.get()));
  }

  /** True when the operator has started and all its event sources are healthy. */
  public static boolean operatorReady(RuntimeInfo info) {
    return info != null && info.isStarted() && info.allEventSourcesAreHealthy();
  }

  /** Starts on the given port (0 picks a free one); {@code ready} answers {@code /readyz}. */
  public static HealthServer start(int port, BooleanSupplier ready) {
    return new HealthServer(
        ListeningServer.sidePort(
            "health endpoints",
            port,
            vertx ->
                request -> {
                  String path = request.path();
                  if ("/healthz".equals(path)) {
                    request.response().end("ok");
                  } else if ("/readyz".equals(path)) {
                    // Off the event loop: asking the operator while it starts waits for the start
                    // (minutes with many objects), and /healthz must answer meanwhile, or the
                    // liveness probe would restart a pod that is only starting.
                    vertx
                        .executeBlocking(ready::getAsBoolean, false)
                        .onComplete(
                            answer -> {
                              boolean isReady = answer.succeeded() && answer.result();
                              request
                                  .response()
                                  .setStatusCode(isReady ? 200 : 503)
                                  .end(isReady ? "ok" : "not ready");
                            });
                  } else {
                    request.response().setStatusCode(404).end();
                  }
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
