package dev.keyward.bench;

import dev.keyward.api.ApiToken;
import dev.keyward.api.KeywardNames;
import dev.keyward.local.KeyCallers;
import dev.keyward.local.LocalCluster;
import dev.keyward.local.LocalNode;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures how long the kubelet takes to show a rotated key in a pod's mounted Secret volume: a pod
 * on the local node presents the key it reads from the volume to {@code /auth} every second; each
 * rotation (at a random moment, so that rotations meet every phase of the kubelet's sync period) is
 * timed from the operator's Secret write to the first call with the new key. Writes {@code
 * docs/benchmarks/secret-propagation.md}. {@code KEYWARD_BENCH_ROTATIONS} (default 6) sets the
 * number of rotations.
 */
public final class SecretPropagation {

  private static final String TOKEN = "bench-key";
  private static final String APP = "volume-reader";

  public static void main(String[] args) throws Exception {
    int rotations = Integer.parseInt(System.getenv().getOrDefault("KEYWARD_BENCH_ROTATIONS", "6"));
    LocalCluster cluster = TestCluster.cluster();
    long nodeStart = System.nanoTime();
    LocalNode node = cluster.startNode();
    long nodeMillis = (System.nanoTime() - nodeStart) / 1_000_000;
    KubernetesClient client = TestCluster.client();
    KeywardOperator operator = TestOperator.start();
    VerificationServer server = VerificationServer.start(client, Clock.systemUTC(), 0);
    String ns = TestCluster.createNamespace("propagation");
    Resources.apply(ns, Resources.userYaml("bench", "email: bench@example.com\n  roles: [runner]"));
    Resources.apply(
        ns,
        Resources.tokenYaml(
            TOKEN, "bench", "scopes: [runners.read]\n  rotation:\n    gracePeriod: 10m"));
    waitFor(
        () ->
            Resources.token(ns, TOKEN).getStatus() != null
                && Resources.token(ns, TOKEN).getStatus().getKey() != null,
        Duration.ofSeconds(30));
    String authUrl = "http://" + node.hostAddressForPods() + ":" + server.port() + "/auth";
    long podStart = System.nanoTime();
    client.resource(KeyCallers.volumeReader(APP, TOKEN, authUrl)).inNamespace(ns).create();
    String first = digest(ns);
    waitFor(
        () -> log(client, node, ns).stream().anyMatch(l -> message(l).equals("ok " + first)),
        Duration.ofMinutes(2));
    long podMillis = (System.nanoTime() - podStart) / 1_000_000;

    Random random = new Random();
    List<Long> delays = new ArrayList<>();
    for (int i = 1; i <= rotations; i++) {
      Thread.sleep(20_000 + random.nextInt(60_000));
      String before = digest(ns);
      Resources.annotate(ApiToken.class, ns, TOKEN, KeywardNames.ROTATE_ANNOTATION, "bench-" + i);
      waitFor(() -> !digest(ns).equals(before), Duration.ofSeconds(30));
      String after = digest(ns);
      Instant written = Instant.parse(Resources.token(ns, TOKEN).getStatus().getRotatedAt());
      waitFor(
          () -> log(client, node, ns).stream().anyMatch(l -> message(l).equals("ok " + after)),
          Duration.ofMinutes(5));
      Instant used =
          log(client, node, ns).stream()
              .filter(l -> message(l).equals("ok " + after))
              .map(l -> Instant.parse(l.substring(0, l.indexOf(' '))))
              .min(Instant::compareTo)
              .orElseThrow();
      long delay = Duration.between(written, used).toMillis();
      delays.add(delay);
      System.out.printf("rotation %d: new key in the volume after %d ms%n", i, delay);
    }
    long failures =
        log(client, node, ns).stream().filter(l -> message(l).startsWith("fail")).count();
    long calls = log(client, node, ns).size();
    write(MachineInfo.current(), nodeMillis, podMillis, delays, calls, failures);
    server.close();
    operator.close();
    cluster.close();
    System.exit(0);
  }

  private static void write(
      MachineInfo machine,
      long nodeMillis,
      long podMillis,
      List<Long> delays,
      long calls,
      long failures)
      throws IOException {
    List<Long> sorted = delays.stream().sorted().toList();
    StringBuilder table = new StringBuilder();
    for (int i = 0; i < delays.size(); i++) {
      table.append("| ").append(i + 1).append(" | ").append(seconds(delays.get(i))).append(" |\n");
    }
    String text =
        """
        # Secret volume propagation

        Written by `scripts/benchmark-secret-propagation.sh` (`dev.keyward.bench.SecretPropagation`).

        How long after Keyward writes a rotated key into a Secret a pod that mounts the Secret as a
        volume sees the new key: one pod on the local node (kubelet %s, default `syncFrequency`
        1m, `configMapAndSecretChangeDetectionStrategy` Watch) reads the file and presents it to
        `/auth` every second; each rotation, at a random moment 20 to 80 s after the previous one,
        is timed from the Secret write (`status.rotatedAt`) to the first call with the new key (the
        kubelet's log time of that line).

        Machine: %s, %d cores, %d MiB, %s; %s. Load average at the end: %s.

        | rotation | delay |
        | --- | --- |
        %s
        Min %s, median %s, max %s over %d rotations. Calls: %d, failed: %d (grace period 10m).
        Starting the node (containerd, kubelet until the Node is Ready): %s; the pod from creation to
        its first accepted call: %s.

        The kubelet updates a Secret volume when it next syncs the pod: its pod workers resync every
        `syncFrequency` plus up to 50%% jitter, so at the latest about 90 s after the change with
        the default 1m; sooner when something else makes it sync the pod. The operator's default
        `--secret-propagation-delay` of 2m stays above that; a rotation's grace period must exceed
        it (see the README, "Pods that read the keys").
        """
            .formatted(
                LocalCluster.DEFAULT_VERSION,
                machine.cpuModel(),
                machine.cores(),
                machine.memoryMiB(),
                machine.os(),
                machine.jdk(),
                loadAverage(),
                table,
                seconds(sorted.get(0)),
                seconds(sorted.get(sorted.size() / 2)),
                seconds(sorted.get(sorted.size() - 1)),
                delays.size(),
                calls,
                failures,
                seconds(nodeMillis),
                seconds(podMillis));
    Path file = TestCluster.repoRoot().resolve("docs/benchmarks/secret-propagation.md");
    Files.writeString(file, text);
    System.out.println("written to " + file);
  }

  private static String loadAverage() {
    try {
      return String.join(
          " ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }

  private static String digest(String ns) {
    return Resources.token(ns, TOKEN).getStatus().getKey().getDigest().substring(0, 12);
  }

  private static List<String> log(KubernetesClient client, LocalNode node, String ns) {
    return client.pods().inNamespace(ns).withLabel("app", APP).list().getItems().stream()
        .flatMap(
            p -> node.containerLog(ns, p.getMetadata().getName(), KeyCallers.CONTAINER).stream())
        .toList();
  }

  private static String message(String line) {
    String[] parts = line.split(" ", 4);
    return parts.length == 4 ? parts[3] : line;
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("not within " + timeout);
      }
      Thread.sleep(250);
    }
  }
}
