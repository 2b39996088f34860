package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reconcile that the new Secret triggers sees the status that recorded its key: a token gets
 * its key issued once, is activated once, and keeps its {@code issuedAt} and {@code expiresAt}.
 */
class OwnStatusWriteIT {

  private static final int TOKENS = 100;

  private final KubernetesClient client = TestCluster.client();

  @Test
  void eachOfManyNewTokensIsIssuedOneKeyWithOneEventWithoutAdoptingItsOwnKey() {
    String ns = TestCluster.createNamespace("own-writes");
    KeywardOperator operator = TestOperator.start();
    try {
      apply(ns, userYaml("owner", "roles: [runner]"));
      IntStream.range(0, TOKENS)
          .forEach(
              i ->
                  apply(
                      ns, tokenYaml("t" + i, "owner", "scopes: [runners.read]\n  lifetime: 720h")));

      Map<String, String> firstSeen = new HashMap<>();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                keyTimesByToken(ns)
                    .forEach(
                        (name, times) -> {
                          if (!times.isEmpty()) {
                            firstSeen.putIfAbsent(name, times);
                          }
                        });
                return firstSeen.size() == TOKENS;
              });
      Map<String, Integer> events = settledEventCounts(ns);

      Map<String, Integer> counts = new TreeMap<>();
      Stream.of("KeyIssued", "KeyAdopted", "Activated")
          .forEach(reason -> counts.put(reason, events.getOrDefault(reason, 0)));
      Map<String, String> changed = new TreeMap<>(keyTimesByToken(ns));
      changed.entrySet().removeIf(e -> e.getValue().equals(firstSeen.get(e.getKey())));
      assertSoftly(
          softly -> {
            softly
                .assertThat(counts)
                .as("events by reason; tokens with other events: %s", unusualEvents(ns))
                .isEqualTo(Map.of("KeyIssued", TOKENS, "KeyAdopted", 0, "Activated", 0));
            softly
                .assertThat(changed.keySet())
                .as("tokens whose issuedAt/expiresAt changed after they were first seen Active")
                .isEmpty();
          });
    } finally {
      operator.close();
    }
  }

  /** "issuedAt/expiresAt" of each Active token's key ("" while a token is not Active yet). */
  private Map<String, String> keyTimesByToken(String ns) {
    return client.resources(ApiToken.class).inNamespace(ns).list().getItems().stream()
        .collect(
            Collectors.toMap(
                t -> t.getMetadata().getName(),
                t ->
                    t.getStatus() != null
                            && "Active".equals(t.getStatus().getPhase())
                            && t.getStatus().getKey() != null
                        ? t.getStatus().getKey().getIssuedAt() + "/" + t.getStatus().getExpiresAt()
                        : ""));
  }

  /**
   * Events of the tokens by reason, summing their counts, once the counts stayed the same for two
   * seconds.
   */
  private Map<String, Integer> settledEventCounts(String ns) {
    AtomicReference<Map<String, Integer>> last = new AtomicReference<>(Map.of());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              Map<String, Integer> now = eventCounts(ns);
              return now.equals(last.getAndSet(now));
            });
    return last.get();
  }

  /**
   * Each token whose events are not exactly one KeyIssued that also says the token is active, with
   * its events.
   */
  private Map<String, String> unusualEvents(String ns) {
    Map<String, String> byToken = new TreeMap<>();
    for (Event e : tokenEvents(ns)) {
      byToken.merge(
          e.getInvolvedObject().getName(),
          e.getReason() + "x" + (e.getCount() == null ? 1 : e.getCount()) + " " + e.getMessage(),
          (a, b) -> a + "; " + b);
    }
    byToken
        .values()
        .removeIf(
            v ->
                v.startsWith("KeyIssuedx1 ")
                    && v.endsWith(" token is active")
                    && v.split("; ").length == 2);
    return byToken;
  }

  private List<Event> tokenEvents(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "ApiToken".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  private Map<String, Integer> eventCounts(String ns) {
    Map<String, Integer> counts = new HashMap<>();
    for (Event e : tokenEvents(ns)) {
      counts.merge(e.getReason(), e.getCount() == null ? 1 : e.getCount(), Integer::sum);
    }
    return counts;
  }
}
