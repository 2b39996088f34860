package dev.keyward.http;

import dev.keyward.verify.CredentialIndex;
import dev.keyward.verify.FailureThrottle;
import dev.keyward.verify.ForwardAuthEndpoints;
import dev.keyward.verify.IntrospectionEndpoints;
import dev.keyward.verify.KeyGate;
import dev.keyward.verify.WhoamiEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Wires the in-memory credential index and the HTTP endpoints that answer from it. */
public final class VerificationServer implements AutoCloseable {

  /** Failed attempts a client may make per minute before it is told to wait. */
  public static final int MAX_FAILURES_PER_MINUTE = 30;

  private final CredentialIndex index;
  private final HttpApi http;

  private VerificationServer(CredentialIndex index, HttpApi http) {
    this.index = index;
    this.http = http;
  }

  public static VerificationServer start(KubernetesClient client, Clock clock, int port) {
    CredentialIndex index = CredentialIndex.start(client, clock);
    FailureThrottle throttle =
        new FailureThrottle(MAX_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    KeyGate gate = new KeyGate(index, throttle);
    HttpApi http =
        HttpApi.start(
            port,
            List.of(
                new ForwardAuthEndpoints(gate),
                new IntrospectionEndpoints(gate),
                new WhoamiEndpoints(gate)));
    return new VerificationServer(index, http);
  }

  public CredentialIndex index() {
    return index;
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
    index.close();
  }
}
