package dev.keyward.node;

import static dev.keyward.testing.Resources.annotate;
import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.KeywardNames;
import dev.keyward.local.KeyCallers;
import dev.keyward.local.LocalNode;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestNode;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real pods on the local node use a token's key: one Deployment reads it from the mounted Secret at
 * every call, another from an environment variable set at start, and both present it to Keyward's
 * {@code /auth} every second. A rotation with a grace period longer than the kubelet's propagation
 * must cost neither a failed call nor a restart of the volume reader, and exactly one rolling
 * restart of the environment reader, which a restarted operator or a resync never repeats. The
 * tests build on each other, in order.
 */
@Tag("node")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodsUseTheirKeysIT {

  private static final String TOKEN = "app-key";
  private static final String VOLUME_READER = "volume-reader";
  private static final String ENV_READER = "env-reader";
  private static final Duration POD_START = Duration.ofMinutes(2);

  /** Above the kubelet's sync period (1m) and its jitter. */
  private static final Duration PROPAGATION = Duration.ofMinutes(3);

  private static LocalNode node;
  private static KubernetesClient client;
  private static KeywardOperator operator;
  private static VerificationServer server;
  private static String ns;

  @BeforeAll
  static void start() {
    node = TestNode.node();
    client = TestCluster.client();
    operator = TestOperator.start();
    server = VerificationServer.start(client, Clock.systemUTC(), 0);
    ns = TestCluster.createNamespace("pods");
    String authUrl = "http://" + node.hostAddressForPods() + ":" + server.port() + "/auth";
    apply(ns, userYaml("paula", "email: paula@example.com\n  roles: [runner]"));
    apply(
        ns,
        tokenYaml(
            TOKEN,
            "paula",
            """
            scopes: [runners.read]
              rotation:
                gracePeriod: 4m
              restartOnRotation:
              - kind: Deployment
                name: env-reader
            """));
    awaitTokenPhase(ns, TOKEN, "Active");
    client
        .resource(KeyCallers.volumeReader(VOLUME_READER, TOKEN, authUrl))
        .inNamespace(ns)
        .create();
    client
        .resource(KeyCallers.envReader(ENV_READER, TOKEN, authUrl, Map.of()))
        .inNamespace(ns)
        .create();
  }

  @AfterAll
  static void stop() {
    if (ns != null) {
      client.apps().deployments().inNamespace(ns).delete();
    }
    if (server != null) {
      server.close();
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void podsReadTheKeyFromTheVolumeAndFromTheEnvironmentAndAuthAcceptsIt() {
    String digest = currentDigest();
    await()
        .atMost(POD_START)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(log(VOLUME_READER)).contains("ok " + digest);
              assertThat(log(ENV_READER)).contains("ok " + digest);
            });
    assertThat(log(VOLUME_READER)).noneMatch(line -> line.startsWith("fail"));
  }

  @Test
  @Order(2)
  void afterARotationWithGraceTheVolumeReaderSwitchesWithoutRestartAndNoCallFails()
      throws IOException {
    Pod before = onlyPod(VOLUME_READER);
    String oldDigest = currentDigest();
    List<String> envReplicaSets = replicaSets(ENV_READER);

    annotate(ApiToken.class, ns, TOKEN, KeywardNames.ROTATE_ANNOTATION, "pods-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> !currentDigest().equals(oldDigest));
    ApiToken rotated = token(ns, TOKEN);
    String newDigest = currentDigest();
    Instant rotatedAt = Instant.parse(rotated.getStatus().getRotatedAt());

    await()
        .atMost(PROPAGATION)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> log(VOLUME_READER).contains("ok " + newDigest));
    Pod after = onlyPod(VOLUME_READER);
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
    List<String> lines = log(VOLUME_READER);
    assertThat(lines).contains("ok " + oldDigest).noneMatch(line -> line.startsWith("fail"));
    recordPropagation(rotatedAt, firstTimeOf("ok " + newDigest, VOLUME_READER));

    // The environment reader: one rolling restart, whose new pod presents the new key.
    await()
        .atMost(POD_START)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> log(ENV_READER).contains("ok " + newDigest));
    assertThat(replicaSets(ENV_READER)).hasSize(envReplicaSets.size() + 1);
    assertThat(events(ENV_READER, "RestartedForNewKey")).hasSize(1);
    assertThat(events(TOKEN, "WorkloadRestarted")).hasSize(1);
  }

  @Test
  @Order(3)
  void aRestartedOperatorAndAResyncRestartNothing() {
    String restartedAt = restartedAt(ENV_READER);
    List<String> envReplicaSets = replicaSets(ENV_READER);
    assertThat(restartedAt).isNotNull();

    operator.close();
    operator = TestOperator.start();
    // A spec change makes the new operator reconcile the token again.
    client
        .resources(ApiToken.class)
        .inNamespace(ns)
        .withName(TOKEN)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"description\":\"resynced\"}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ApiToken t = token(ns, TOKEN);
              return t.getStatus().getObservedGeneration() == t.getMetadata().getGeneration();
            });
    // Longer than the restart debounce: a restart would have been patched by now.
    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(12))
        .until(
            () ->
                restartedAt.equals(restartedAt(ENV_READER))
                    && replicaSets(ENV_READER).equals(envReplicaSets));
    assertThat(events(ENV_READER, "RestartedForNewKey")).hasSize(1);
  }

  private static String currentDigest() {
    return token(ns, TOKEN).getStatus().getKey().getDigest().substring(0, 12);
  }

  private static Pod onlyPod(String app) {
    List<Pod> pods =
        client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .toList();
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  /** The log lines (without the time prefix) of every pod of the app, read through the API. */
  private static List<String> log(String app) {
    return rawLog(app).stream().map(PodsUseTheirKeysIT::message).toList();
  }

  private static List<String> rawLog(String app) {
    return client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
        .flatMap(
            p ->
                LocalNode.podLog(client, ns, p.getMetadata().getName(), KeyCallers.CONTAINER)
                    .stream())
        .toList();
  }

  /** A log line with timestamps is {@code <RFC 3339 time> <message>}. */
  private static String message(String line) {
    String[] parts = line.split(" ", 2);
    return parts.length == 2 ? parts[1] : line;
  }

  private static Instant firstTimeOf(String message, String app) {
    return rawLog(app).stream()
        .filter(line -> message(line).equals(message))
        .map(line -> Instant.parse(line.substring(0, line.indexOf(' '))))
        .min(Instant::compareTo)
        .orElseThrow();
  }

  private static List<String> replicaSets(String deployment) {
    return client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getName().equals(deployment)))
        .map(ReplicaSet::getMetadata)
        .map(m -> m.getName())
        .sorted()
        .toList();
  }

  private static String restartedAt(String deployment) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(deployment).get();
    return Optional.ofNullable(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .map(a -> a.get(KeywardNames.RESTARTED_AT_ANNOTATION))
        .orElse(null);
  }

  private static List<Event> events(String involved, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** The measured delay goes to a file for docs/benchmarks, never into an assertion. */
  private static void recordPropagation(Instant secretWritten, Instant firstUse)
      throws IOException {
    Path file = Path.of("target", "secret-propagation.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "%s rotation written %s, new key first used by the volume reader %s: %d ms%n"
            .formatted(
                Instant.now(),
                secretWritten,
                firstUse,
                Duration.between(secretWritten, firstUse).toMillis()),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
