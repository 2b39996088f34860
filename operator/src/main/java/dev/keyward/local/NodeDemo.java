package dev.keyward.local;

import dev.keyward.api.ApiToken;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The local node's part of the demo: a Deployment whose pod mounts an Active ApiToken's Secret and
 * presents the key it reads there to Keyward's {@code /auth} every second; prints what the pod logs
 * (a digest of the key it saw, never the key) and leaves it running.
 */
public final class NodeDemo {

  static final String DEPLOYMENT = "key-caller";
  private static final Duration FIRST_CALL_TIMEOUT = Duration.ofMinutes(2);

  private final KubernetesClient client;
  private final LocalNode node;
  private final PrintStream out;

  public NodeDemo(KubernetesClient client, LocalNode node, PrintStream out) {
    this.client = client;
    this.node = node;
    this.out = out;
  }

  public void run(int httpPort) throws InterruptedException {
    Optional<ApiToken> token =
        client.resources(ApiToken.class).inNamespace("default").list().getItems().stream()
            .filter(t -> t.getStatus() != null && "Active".equals(t.getStatus().getPhase()))
            .findFirst();
    if (token.isEmpty()) {
      return;
    }
    String secret = token.get().getStatus().getSecretName();
    String authUrl = "http://" + node.hostAddressForPods() + ":" + httpPort + "/auth";
    client
        .resource(KeyCallers.volumeReader(DEPLOYMENT, secret, authUrl))
        .inNamespace("default")
        .createOr(existing -> existing.update());
    out.println();
    out.println(
        "A pod on the local node mounts Secret "
            + secret
            + " and presents the key to "
            + authUrl
            + " every second:");
    Instant deadline = Instant.now().plus(FIRST_CALL_TIMEOUT);
    List<String> lines = List.of();
    while (Instant.now().isBefore(deadline)) {
      lines = log();
      if (lines.size() >= 3) {
        break;
      }
      Thread.sleep(500);
    }
    if (lines.isEmpty()) {
      out.println("  (no call logged within " + FIRST_CALL_TIMEOUT.toSeconds() + " s)");
    }
    lines.stream().limit(3).forEach(line -> out.println("  " + line));
    out.println(
        "  (ok/fail and the first 12 hex digits of the key's SHA-256, as in the token's"
            + " status.key.digest; rotate the token and the pod switches keys without a restart)");
  }

  private List<String> log() {
    return client
        .pods()
        .inNamespace("default")
        .withLabel("app", DEPLOYMENT)
        .list()
        .getItems()
        .stream()
        .map(Pod::getMetadata)
        .flatMap(m -> node.containerLog("default", m.getName(), KeyCallers.CONTAINER).stream())
        .map(line -> line.split(" ", 4))
        .filter(parts -> parts.length == 4)
        .map(parts -> parts[3])
        .toList();
  }
}
