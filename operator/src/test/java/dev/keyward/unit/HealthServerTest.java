package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.operator.HealthServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The health endpoints: liveness never waits for readiness. An operator with many objects takes a
 * while to start, and asking it whether it is ready waits for that start; a liveness probe that
 * waited too would restart the pod before it ever became ready.
 */
class HealthServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpRequest get(HealthServer health, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void livenessAnswersWhileTheReadinessCheckIsStillWaiting() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    BooleanSupplier waitsForTheStart =
        () -> {
          asked.countDown();
          try {
            return started.await(1, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        };
    HealthServer health = HealthServer.start(0, waitsForTheStart);
    try {
      CompletableFuture<HttpResponse<String>> ready =
          http.sendAsync(get(health, "/readyz"), HttpResponse.BodyHandlers.ofString());
      assertThat(asked.await(10, TimeUnit.SECONDS)).as("readiness was asked").isTrue();

      HttpResponse<String> live =
          http.send(get(health, "/healthz"), HttpResponse.BodyHandlers.ofString());

      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(ready).as("readiness still being worked out").isNotDone();
      started.countDown();
      assertThat(ready.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    } finally {
      started.countDown();
      health.close();
    }
  }

  @Test
  void aReadinessCheckThatFailsAnswersNotReady() throws Exception {
    BooleanSupplier failing =
        () -> {
          throw new IllegalStateException("informers not there yet");
        };
    HealthServer health = HealthServer.start(0, failing);
    try {
      HttpResponse<String> ready =
          http.send(get(health, "/readyz"), HttpResponse.BodyHandlers.ofString());

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("not ready");
    } finally {
      health.close();
    }
  }
}
