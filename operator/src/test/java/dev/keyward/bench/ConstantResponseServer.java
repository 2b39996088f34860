package dev.keyward.bench;

import dev.keyward.http.HttpApi;
import io.vertx.core.Vertx;
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
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router
        .route("/auth")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("X-Keyward-User", "bench-owner")
                    .putHeader("X-Keyward-User-Id", "00000000-0000-0000-0000-000000000000")
                    .putHeader("X-Keyward-Namespace", "bench")
                    .putHeader("X-Keyward-Groups", "")
                    .putHeader("X-Keyward-Scopes", "runners.read runners.run")
                    .putHeader("X-Keyward-Roles", "runner")
                    .putHeader("X-Keyward-Projects", "")
                    .putHeader("X-Keyward-Credential", "ApiToken/bench-token-0")
                    .putHeader("Cache-Control", "no-store")
                    .setStatusCode(200)
                    .end());
    vertx
        // The same server options as the HTTP API (limits, h2c off, idle timeout).
        .createHttpServer(HttpApi.options(Optional.empty()))
        .requestHandler(router)
        .listen(port)
        .toCompletionStage()
        .toCompletableFuture()
        .join();
  }
}
