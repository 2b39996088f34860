package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.http.ListeningServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Connections beyond the cap are closed as soon as they are accepted; the others are served. */
class ConnectionCapTest {

  @Test
  void theConnectionBeyondTheCapIsClosedWhileTheOthersStayOpen() throws Exception {
    try (ListeningServer server =
            ListeningServer.listen(
                "capped", 0, new HttpServerOptions(), 2, vertx -> r -> r.response().end("ok"));
        Socket first = new Socket("127.0.0.1", server.port());
        Socket second = new Socket("127.0.0.1", server.port())) {
      // Both admitted connections answer, so the server has seen them before the third arrives.
      assertThat(get(first)).startsWith("HTTP/1.1 200");
      assertThat(get(second)).startsWith("HTTP/1.1 200");

      try (Socket third = new Socket("127.0.0.1", server.port())) {
        third.setSoTimeout(10_000);
        third.getOutputStream().write(request());
        InputStream in = third.getInputStream();
        int read;
        try {
          read = in.read();
        } catch (java.net.SocketException reset) {
          read = -1;
        }
        assertThat(read).as("the third connection is closed without an answer").isEqualTo(-1);
      }
      assertThat(get(first)).startsWith("HTTP/1.1 200");
    }
  }

  private static byte[] request() {
    return "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String get(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(request());
    byte[] buffer = new byte[256];
    int n;
    try {
      n = socket.getInputStream().read(buffer);
    } catch (SocketTimeoutException e) {
      return "";
    }
    return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
  }
}
