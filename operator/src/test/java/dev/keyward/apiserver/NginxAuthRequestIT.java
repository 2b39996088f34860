package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx auth_request example, run by a real nginx (Debian's package) in front of a backend,
 * with Keyward's forward-auth endpoint deciding. Skipped where nginx is not installed.
 */
class NginxAuthRequestIT {

  private static final Path NGINX = Path.of("/usr/sbin/nginx");

  /** Encoded traversal, double slashes and an encoded slash, aimed at Keyward's public paths. */
  static final List<String> HOSTILE_PATHS =
      List.of(
          "/api/%2e%2e/%2e%2e/.well-known/jwks.json",
          "/%2e%2e/.well-known/oauth-authorization-server",
          "//.well-known/jwks.json",
          "/api//..//.well-known/jwks.json",
          "/api%2f..%2f..%2f.well-known%2fjwks.json",
          "/auth/../.well-known/jwks.json",
          "/.well-known/jwks.json");

  @Test
  void nginxLetsThroughOnlyValidKeysAndTheBackendSeesOnlyTheHeadersKeywardAnswered(
      @TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(NGINX), "nginx is not installed");
    String ns = TestCluster.createNamespace("nginx");
    Vertx vertx = Vertx.vertx();
    AtomicInteger backendRequests = new AtomicInteger();
    HttpServer backend =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  backendRequests.incrementAndGet();
                  r.response().end(keywardHeaders(r.headers()));
                })
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    int nginxPort = freePort();
    Process nginx = null;
    try (KeywardOperator operator = TestOperator.start();
        VerificationServer keyward =
            VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0)) {
      Files.writeString(
          dir.resolve("nginx.conf"),
          nginxConf(dir, exampleServerBlock(), keyward.port(), backend.actualPort(), nginxPort));
      nginx =
          new ProcessBuilder(
                  NGINX.toString(),
                  "-c",
                  dir.resolve("nginx.conf").toString(),
                  "-p",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("nginx.out").toFile())
              .start();
      Http http = new Http(nginxPort);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> http.get("/").statusCode() == 401);

      apply(ns, userYaml("nginx-user", "roles: [runner]"));
      apply(ns, tokenYaml("nginx-token", "nginx-user", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "nginx-token", "Active");
      String key = secretValue(ns, "nginx-token", "token");

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> http.get("/api", "Token", key).statusCode() == 200);
      HttpResponse<String> allowed = http.get("/api", "Authorization", "Bearer " + key);
      HttpResponse<String> refused = http.get("/api", "X-API-Key", "kwt_notakey");

      HttpResponse<String> injected =
          http.get(
              "/api",
              "Authorization",
              "Bearer " + key,
              "X-Keyward-Groups",
              "admin",
              "X-Keyward-User",
              "root",
              "X-Keyward-Subject",
              "kube-system/root",
              "X-Keyward-Scopes",
              "keyward:introspect",
              "X-Keyward-Roles",
              "administrator",
              "X-Keyward-Projects",
              "kube-system");
      String uid =
          TestCluster.client()
              .resources(dev.keyward.api.ApiUser.class)
              .inNamespace(ns)
              .withName("nginx-user")
              .get()
              .getMetadata()
              .getUid();
      String expected =
          "x-keyward-credential=ApiToken/nginx-token\n"
              + "x-keyward-namespace="
              + ns
              + "\n"
              + "x-keyward-roles=runner\n"
              + "x-keyward-scopes=runners.read\n"
              + "x-keyward-subject="
              + ns
              + "/nginx-user\n"
              + "x-keyward-user-id="
              + uid
              + "\n"
              + "x-keyward-user=nginx-user\n";

      // Paths that normalise to the public JWKS, metadata or /auth's neighbours are still checked:
      // without a credential nginx answers 401 (Keyward's) or 400 (its own, for a path above the
      // root), and the backend never sees the request; with a valid key the answer is nginx's
      // own, never a refusal by Keyward.
      for (String hostile : HOSTILE_PATHS) {
        int seen = backendRequests.get();
        assertThat(http.raw("GET " + hostile + " HTTP/1.1\r\nHost: x\r\n\r\n"))
            .as("no credential, GET " + hostile)
            .matches("HTTP/1\\.1 40[01] .*");
        assertThat(backendRequests.get()).as("backend requests after " + hostile).isEqualTo(seen);
        assertThat(
                http.raw("GET " + hostile + " HTTP/1.1\r\nHost: x\r\nToken: " + key + "\r\n\r\n"))
            .as("a valid key, GET " + hostile)
            .matches("HTTP/1\\.1 (200|400) .*");
      }

      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo(expected);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(injected.statusCode()).isEqualTo(200);
      assertThat(injected.body())
          .as(
              "the backend sees only what Keyward answered: no groups, root, scope, role or project")
          .isEqualTo(expected);
    } finally {
      if (nginx != null) {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
      vertx.close();
    }
  }

  /** Every X-Keyward-* header the backend received, one "name=value" line each, sorted. */
  private static String keywardHeaders(MultiMap headers) {
    return headers.entries().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).startsWith("x-keyward-"))
        .map(e -> e.getKey().toLowerCase(Locale.ROOT) + "=" + e.getValue() + "\n")
        .sorted()
        .collect(Collectors.joining());
  }

  /** The server block of examples/integrations/nginx-auth-request.yaml, as users deploy it. */
  private static String exampleServerBlock() throws IOException {
    String yaml =
        Files.readString(
            TestCluster.repoRoot().resolve("examples/integrations/nginx-auth-request.yaml"));
    String first = yaml.split("\n---\n")[0];
    return Serialization.unmarshal(first, ConfigMap.class).getData().get("default.conf");
  }

  private static String nginxConf(
      Path dir, String server, int keywardPort, int backendPort, int port) {
    String local =
        server
            .replace(
                "http://keyward.keyward-system.svc.cluster.local:8080",
                "http://127.0.0.1:" + keywardPort)
            .replace(
                "http://backend.default.svc.cluster.local:80", "http://127.0.0.1:" + backendPort)
            .replace("listen 8080;", "listen 127.0.0.1:" + port + ";");
    return """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          %2$s
        }
        """
        .formatted(dir, local);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
