package dev.keyward.operator;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import io.fabric8.kubernetes.client.vertx.VertxHttpClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * fabric8's Vert.x HTTP client, with a connection the API server closed under a request retried
 * like any other I/O failure.
 *
 * <p>fabric8 retries a request that failed with an {@link IOException} (with the configuration's
 * {@code requestRetryBackoffLimit} and interval), which is what its OkHttp and JDK clients throw
 * when a pooled connection turns out to be closed. Vert.x reports the same event as an {@link
 * HttpClosedException}, a runtime exception, so the request fails at once (fabric8 issue 7450). An
 * informer whose first LIST met such a connection made java-operator-sdk stop the whole operator at
 * start. This client hands the failure to fabric8's retry as an {@code IOException}; everything
 * else, including the connection pool, is fabric8's Vert.x client unchanged.
 */
public final class ReconnectingHttpClientFactory implements HttpClient.Factory {

  private final VertxHttpClientFactory vertx = new VertxHttpClientFactory();

  @Override
  public ClientBuilder newBuilder() {
    return new ClientBuilder(this);
  }

  /** Collects fabric8's settings and hands the connection-level ones to a Vert.x client. */
  public static final class ClientBuilder
      extends StandardHttpClientBuilder<Client, ReconnectingHttpClientFactory, ClientBuilder> {

    ClientBuilder(ReconnectingHttpClientFactory factory) {
      super(factory);
    }

    @Override
    public Client build() {
      if (client != null) {
        // A derived client (other timeouts, tags or interceptors) shares the connection pool.
        return new Client(this, client.getClosed(), client.connections);
      }
      if (proxyAuthorization != null && !isBasic(proxyAuthorization)) {
        // What the Vert.x builder would add as an interceptor, which only this client runs.
        addProxyAuthInterceptor();
      }
      return new Client(this, new AtomicBoolean(), connections());
    }

    private VertxHttpClient<VertxHttpClientFactory> connections() {
      VertxHttpClientBuilder<VertxHttpClientFactory> vertx = clientFactory.vertx.newBuilder();
      if (connectTimeout != null) {
        vertx.connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (keyManagers != null || trustManagers != null) {
        vertx.sslContext(keyManagers, trustManagers);
      }
      if (followRedirects) {
        vertx.followAllRedirects();
      }
      if (proxyAddress != null) {
        vertx.proxyAddress(proxyAddress);
      }
      if (proxyAuthorization != null && isBasic(proxyAuthorization)) {
        vertx.proxyAuthorization(proxyAuthorization);
      }
      vertx.proxyType(proxyType);
      if (tlsVersions != null) {
        vertx.tlsVersions(tlsVersions);
      }
      if (preferHttp11) {
        vertx.preferHttp11();
      }
      if (authenticatorNone) {
        vertx.authenticatorNone();
      }
      return vertx.build();
    }

    /** Whether the Vert.x client takes these proxy credentials as a user name and password. */
    private static boolean isBasic(String credentials) {
      if (!credentials.startsWith("Basic ")) {
        return false;
      }
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(credentials.substring("Basic ".length())),
                StandardCharsets.UTF_8);
        return decoded.indexOf(':') > 0;
      } catch (IllegalArgumentException notBase64) {
        return false;
      }
    }

    @Override
    protected ClientBuilder newInstance(ReconnectingHttpClientFactory factory) {
      return new ClientBuilder(factory);
    }
  }

  /** fabric8's request handling (interceptors, retries) over a Vert.x connection pool. */
  public static final class Client
      extends StandardHttpClient<Client, ReconnectingHttpClientFactory, ClientBuilder> {

    private final VertxHttpClient<VertxHttpClientFactory> connections;

    Client(
        ClientBuilder builder,
        AtomicBoolean closed,
        VertxHttpClient<VertxHttpClientFactory> connections) {
      super(builder, closed);
      this.connections = connections;
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(
        StandardHttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      CompletableFuture<HttpResponse<AsyncBody>> sent =
          connections.consumeBytesDirect(request, consumer);
      CompletableFuture<HttpResponse<AsyncBody>> answered = new CompletableFuture<>();
      sent.whenComplete(
          (response, failure) -> {
            if (failure == null) {
              answered.complete(response);
            } else {
              answered.completeExceptionally(retryable(failure));
            }
          });
      // fabric8 cancels the answer on a timeout; the request behind it goes too.
      answered.whenComplete(
          (response, failure) -> {
            if (answered.isCancelled()) {
              sent.cancel(true);
            }
          });
      return answered;
    }

    @Override
    public CompletableFuture<WebSocketResponse> buildWebSocketDirect(
        StandardWebSocketBuilder webSocket, WebSocket.Listener listener) {
      return connections.buildWebSocketDirect(webSocket, listener);
    }

    @Override
    protected void doClose() {
      connections.close();
    }
  }

  /** A closed connection as the I/O failure fabric8 retries; any other failure as it is. */
  static Throwable retryable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof HttpClosedException closed) {
      return new IOException(closed.getMessage(), closed);
    }
    return failure;
  }
}
