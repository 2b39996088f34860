package dev.keyward.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.http.HttpClosedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that closes the first connection under its request, as an API server closing a pooled
 * connection does, and answers on the next one (no cluster needed: this is the HTTP client).
 */
class ReconnectingHttpClientFactoryTest {

  private static final String VERSION =
      "{\"major\":\"1\",\"minor\":\"34\",\"gitVersion\":\"v1.34.4\"}";

  private ServerSocket server;
  private Thread serving;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void closeTheFirstConnectionUnderItsRequest() throws IOException {
    server = new ServerSocket(0);
    serving = new Thread(this::serve, "closing-server");
    serving.setDaemon(true);
    serving.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    serving.join(5_000);
  }

  @Test
  void aRequestWhoseConnectionIsClosedUnderItIsSentAgain() {
    try (KubernetesClient client = ClientConfigs.client(config())) {
      assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.34.4");
    }
    assertThat(requests.get()).as("the closed request, then the answered one").isEqualTo(2);
  }

  @Test
  void fabric8sVertxClientAloneFailsTheSameRequest() {
    // What the factory is for: without it the closed connection fails the request outright.
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withHttpClientFactory(new VertxHttpClientFactory())
            .withConfig(config())
            .build()) {
      assertThatThrownBy(client::getKubernetesVersion)
          .isInstanceOf(KubernetesClientException.class)
          .hasRootCauseInstanceOf(HttpClosedException.class);
    }
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void otherFailuresAreLeftAsTheyAre() {
    IllegalStateException other = new IllegalStateException("not a closed connection");
    assertThat(ReconnectingHttpClientFactory.retryable(other)).isSameAs(other);
    assertThat(ReconnectingHttpClientFactory.retryable(new HttpClosedException("closed")))
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(HttpClosedException.class);
  }

  private Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl("http://localhost:" + server.getLocalPort())
        .withRequestRetryBackoffLimit(3)
        .withRequestRetryBackoffInterval(10)
        .build();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket connection = server.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          // read the request head
        }
        if (requests.incrementAndGet() == 1) {
          continue; // closed without an answer
        }
        OutputStream out = connection.getOutputStream();
        byte[] body = VERSION.getBytes(StandardCharsets.UTF_8);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      } catch (IOException closed) {
        return;
      }
    }
  }
}
