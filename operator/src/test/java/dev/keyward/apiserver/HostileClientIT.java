package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.credential.KeyFormat;
import dev.keyward.http.ClientAddress;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side as a hostile pod would try it: spoofed X-Forwarded-For, failure floods, HTTP/2 over
 * cleartext. Each test that throttles runs its own server, so failure budgets are not shared.
 */
class HostileClientIT {

  private static KeywardOperator operator;
  private static String key;

  @BeforeAll
  static void start() {
    assertThat(ClientAddress.DEFAULT_TRUSTED_PROXIES).isEmpty();
    operator = TestOperator.start();
    String ns = TestCluster.createNamespace("hostile");
    apply(ns, userYaml("hal", "roles: [runner]"));
    apply(ns, tokenYaml("hal-ci", "hal", "scopes: [runners.read]"));
    awaitTokenPhase(ns, "hal-ci", "Active");
    key = secretValue(ns, "hal-ci", "token");
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  private static VerificationServer server() {
    return awaitReady(VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0));
  }

  private static VerificationServer serverBehindLoopbackProxy() {
    return awaitReady(
        VerificationServer.start(
            TestCluster.client(), Clock.systemUTC(), TestServers.behindLoopbackProxy()));
  }

  private static VerificationServer awaitReady(VerificationServer server) {
    Http http = new Http(server.port());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.get("/auth", "X-API-Key", key).statusCode() == 200);
    return server;
  }

  @Test
  void rotatingForwardedForDoesNotEscapeTheThrottleAndAValidKeyStillPasses() {
    try (VerificationServer server = server()) {
      Http http = new Http(server.port());
      String bad = new KeyFormat("kwt").generate();
      int[] statuses = new int[VerificationServer.MAX_FAILURES_PER_MINUTE + 1];
      for (int i = 0; i < statuses.length; i++) {
        // A new made-up client every time, as an attacker rotating the header would send.
        statuses[i] =
            http.get("/auth", "Token", bad, "X-Forwarded-For", "198.51.100." + i).statusCode();
      }
      HttpResponse<String> throttled =
          http.get("/auth", "Token", bad, "X-Forwarded-For", "203.0.113.250");
      HttpResponse<String> valid = http.get("/auth", "Token", key, "X-Forwarded-For", "1.1.1.1");

      assertThat(Arrays.stream(statuses).limit(VerificationServer.MAX_FAILURES_PER_MINUTE))
          .containsOnly(401);
      assertThat(statuses[VerificationServer.MAX_FAILURES_PER_MINUTE]).isEqualTo(429);
      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
      assertThat(valid.statusCode()).isEqualTo(200);
      assertThat(valid.headers().firstValue("X-Keyward-User")).contains("hal");
    }
  }

  @Test
  void freeTextForwardedForIsNotAnIdentityEvenFromATrustedProxy() {
    try (VerificationServer server = serverBehindLoopbackProxy()) {
      Http http = new Http(server.port());
      String bad = new KeyFormat("kwt").generate();
      int last = 0;
      for (int i = 0; i <= VerificationServer.MAX_FAILURES_PER_MINUTE; i++) {
        // 4 KB of text that is not an address, different each time: the proxy itself is the client.
        String junk = i + "-" + "x".repeat(4000);
        last = http.get("/auth", "Token", bad, "X-Forwarded-For", junk).statusCode();
      }

      assertThat(last).isEqualTo(429);
      // A forwarded real address is a different client, not throttled.
      assertThat(http.get("/auth", "Token", bad, "X-Forwarded-For", "198.51.100.77").statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void http2PriorKnowledgeOverCleartextIsNotSpoken() throws Exception {
    try (VerificationServer server =
            VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      // The HTTP/2 connection preface, then an empty SETTINGS frame.
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      byte[] answer = read(socket.getInputStream(), 64);

      // An HTTP/2 server answers with its own SETTINGS frame (type 4 at offset 3).
      boolean settingsFrame = answer.length >= 9 && answer[3] == 4;
      assertThat(settingsFrame).as("server answered with an HTTP/2 SETTINGS frame").isFalse();
      // What comes back, if anything, is an HTTP/1 text refusal of the "PRI" request line.
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      assertThat(text.isEmpty() || text.matches("(?s)^HTTP/[0-9.]+ [45][0-9][0-9] .*"))
          .as(text)
          .isTrue();
    }
  }

  @Test
  void anUpgradeToH2cIsNotAccepted() throws Exception {
    try (VerificationServer server =
            VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              ("GET /auth HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                      + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nX-API-Key: "
                      + key
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String status =
          new String(read(socket.getInputStream(), 64), StandardCharsets.ISO_8859_1)
              .lines()
              .findFirst()
              .orElse("");

      assertThat(status).startsWith("HTTP/1.1").doesNotContain("101");
    }
  }

  /** Up to {@code max} bytes, or fewer when the server stops sending or closes. */
  private static byte[] read(InputStream in, int max) throws Exception {
    byte[] buffer = new byte[max];
    int total = 0;
    try {
      while (total < max) {
        int n = in.read(buffer, total, max - total);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (SocketTimeoutException | java.net.SocketException stopped) {
      // what arrived so far is the answer
    }
    return Arrays.copyOf(buffer, total);
  }
}
