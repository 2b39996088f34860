package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.http.ListeningServer;
import dev.keyward.operator.HealthServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The health port (like the metrics port, through the same {@link ListeningServer#sidePort}) holds
 * at most {@value ListeningServer#SIDE_PORT_MAX_CONNECTIONS} connections and closes idle ones: a
 * client holding idle connections neither keeps them nor locks the probes out for good.
 */
class SidePortLimitsTest {

  @Test
  void idleConnectionsAreClosedAndThoseBeyondTheCapAreRefused() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (HealthServer health = HealthServer.start(0, () -> true)) {
      // Each held connection is answered once, so the server has seen all of them; then they idle.
      for (int i = 0; i < ListeningServer.SIDE_PORT_MAX_CONNECTIONS; i++) {
        Socket socket = new Socket("127.0.0.1", health.port());
        held.add(socket);
        assertThat(healthz(socket)).isEqualTo("HTTP/1.1 200");
      }
      // Past the cap: closed without an answer.
      try (Socket beyond = new Socket("127.0.0.1", health.port())) {
        beyond.getOutputStream().write(HEALTHZ);
        assertThat(readUntilClosed(beyond, 5_000)).as("the connection beyond the cap").isTrue();
      }
      // The held ones, idle, are closed by the server within its idle timeout.
      int timeoutMillis = (ListeningServer.SIDE_PORT_IDLE_TIMEOUT_SECONDS + 5) * 1000;
      assertThat(readUntilClosed(held.get(0), timeoutMillis)).as("an idle connection").isTrue();
      // And the port serves again.
      for (Socket s : held) {
        s.close();
      }
      try (Socket probe = new Socket("127.0.0.1", health.port())) {
        assertThat(healthz(probe)).isEqualTo("HTTP/1.1 200");
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static final byte[] HEALTHZ =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Sends {@code GET /healthz} and returns the status line's first 12 characters. */
  private static String healthz(Socket socket) throws Exception {
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(HEALTHZ);
    byte[] answer = new byte[64];
    int n = socket.getInputStream().read(answer);
    return n < 12 ? "" : new String(answer, 0, 12, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** True when the server closes the connection within {@code millis}. */
  private static boolean readUntilClosed(Socket socket, int millis) throws Exception {
    socket.setSoTimeout(millis);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketException reset) {
      return true;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    }
  }
}
