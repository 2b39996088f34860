package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyward.http.Endpoints;
import dev.keyward.http.HttpApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Requests the HTTP API's router refuses by itself get the API's JSON error and leave no error in
 * the log: otherwise any client could write one error line per oversized request.
 */
class HttpApiRefusalTest {

  /** The logger the router reports unhandled failures to. */
  private static final String ROUTER_LOG = "io.vertx.ext.web.RoutingContext";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> routerLog = new ListAppender<>();
  private HttpApi api;

  @BeforeEach
  void start() {
    routerLog.start();
    ((Logger) LoggerFactory.getLogger(ROUTER_LOG)).addAppender(routerLog);
    Endpoints form =
        router -> {
          router
              .post("/form")
              .handler(BodyHandler.create(false).setBodyLimit(HttpApi.MAX_BODY_BYTES))
              .handler(ctx -> ctx.response().end("read"));
          router
              .get("/broken")
              .handler(
                  ctx -> {
                    throw new IllegalStateException("a defect of the handler");
                  });
        };
    api = HttpApi.start(0, List.of(form), Optional.empty());
  }

  @AfterEach
  void stop() {
    api.close();
    ((Logger) LoggerFactory.getLogger(ROUTER_LOG)).detachAppender(routerLog);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
  }

  private List<ILoggingEvent> errorsLogged() {
    return routerLog.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
  }

  @Test
  void anOversizedBodyGetsTheJsonErrorAndNoErrorInTheLog() throws Exception {
    HttpResponse<String> oversized =
        send(
            request("/form")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "token=" + "a".repeat(2 * HttpApi.MAX_BODY_BYTES))));

    assertThat(oversized.statusCode()).isEqualTo(413);
    assertThat(oversized.headers().firstValue("Content-Type")).contains("application/json");
    JsonObject body = new JsonObject(oversized.body());
    assertThat(body.getString("error")).isEqualTo("invalid_request");
    assertThat(body.getString("error_description")).contains("larger than");
    assertThat(errorsLogged()).isEmpty();
  }

  @Test
  void aBodyWithinTheLimitIsStillRead() throws Exception {
    HttpResponse<String> small =
        send(
            request("/form")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=abc")));

    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(small.body()).isEqualTo("read");
  }

  @Test
  void aDefectInAHandlerIsStillAnsweredWith500AndLogged() throws Exception {
    // The control: the capture sees what the router logs, so the test above can fail.
    HttpResponse<String> broken = send(request("/broken").GET());

    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(errorsLogged())
        .singleElement()
        .satisfies(e -> assertThat(e.getThrowableProxy().getMessage()).contains("defect"));
  }
}
