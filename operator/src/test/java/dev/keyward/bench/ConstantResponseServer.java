package dev.keyward.bench;

import dev.keyward.http.HttpApi;
import dev.keyward.http.ListeningServer;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * The verification endpoint's HTTP stack (Vert.x web, same server options) answering every request
 * with a constant 200 and identity headers of the same size: the baseline for Keyward's own cost.
 * Run as its own process: {@code ConstantResponseServer <port>}.
 */
public final class ConstantResponseServer {

  private ConstantResponseServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    // The same server as the HTTP API: options (limits, h2c off, idle timeout), one event loop.
    ListeningServer.listen(
        "constant-response server",
        port,
        HttpApi.options(Optional.empty()),
        vertx -> {
          Router router = Router.router(vertx);
          router
              .route("/auth")
              .handler(
                  ctx ->
                      ctx.response()
                          .putHeader("X-Keyward-User", "bench-owner")
                          .putHeader("X-Keyward-Subject", "bench/bench-owner")
                          .putHeader("X-Keyward-User-Id", "00000000-0000-0000-0000-000000000000")
                          .putHeader("X-Keyward-Namespace", "bench")
                          .putHeader("X-Keyward-Scopes", "runners.read runners.run")
                          .putHeader("X-Keyward-Roles", "runner")
                          .putHeader("X-Keyward-Credential", "ApiToken/bench-token-0")
                          .putHeader("Cache-Control", "no-store")
                          .setStatusCode(200)
                          .end());
          return router;
        });
  }
}
