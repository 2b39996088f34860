package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.operator.OperatorOptions;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Last use on a real API server, with two verifier replicas: it appears soon after a verification,
 * and 10,000 requests spread over both replicas write it at most once per token per interval —
 * counted both by the writers and by watching the token's lastUsedAt change.
 */
class LastUseIT {

  private static final Duration INTERVAL = Duration.ofHours(1);

  private static KeywardOperator operator;
  private static PrometheusMeterRegistry registry;
  private static VerificationServer first;
  private static VerificationServer second;
  private static String ns;

  @BeforeAll
  static void start() {
    // The test's requests are its clients, forwarded through loopback as a trusted proxy.
    registry = OperatorOptions.prometheusRegistry();
    operator =
        new KeywardOperator(
            TestCluster.client(),
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource()),
            new OperatorOptions(Optional.empty(), registry));
    operator.start();
    String keys = TestCluster.createNamespace("last-use-keys");
    ExchangeSettings settings =
        ExchangeSettings.defaults("http://keyward.test", keys, TestOperator.exampleRoleMapSource());
    first =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            TestServers.behindLoopbackProxy(settings).withLastUseInterval(INTERVAL));
    second =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            TestServers.behindLoopbackProxy(settings).withLastUseInterval(INTERVAL));
    ns = TestCluster.createNamespace("last-use");
    apply(ns, userYaml("uma", "roles: [runner]"));
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
    operator.close();
  }

  @Test
  void tenThousandVerificationsWriteLastUseOncePerTokenPerInterval() throws Exception {
    List<String> names = List.of("busy", "quiet");
    for (String name : names) {
      apply(ns, tokenYaml(name, "uma", "scopes: [runners.read]"));
      awaitTokenPhase(ns, name, "Active");
    }
    String busy = secretValue(ns, "busy", "token");
    String quiet = secretValue(ns, "quiet", "token");
    Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();
    Map<String, String> seen = new ConcurrentHashMap<>();
    Watch watch =
        TestCluster.client()
            .resources(ApiToken.class)
            .inNamespace(ns)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ApiToken token) {
                    String at =
                        token.getStatus() == null ? null : token.getStatus().getLastUsedAt();
                    String name = token.getMetadata().getName();
                    if (at != null && !Objects.equals(seen.put(name, at), at)) {
                      changes.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    Instant before = Instant.now();

    int ok = load(10_000, busy, quiet);

    assertThat(ok).isEqualTo(10_000);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> names.stream().allMatch(n -> token(ns, n).getStatus().getLastUsedAt() != null));
    // Give both writers several more rounds to (wrongly) write again.
    Thread.sleep(5_000);
    watch.close();

    for (String name : names) {
      ApiToken token = token(ns, name);
      assertThat(Instant.parse(token.getStatus().getLastUsedAt())).isAfterOrEqualTo(before);
      assertThat(token.getStatus().getLastUsedFrom()).startsWith("192.0.2.");
      assertThat(changes.get(name)).as("lastUsedAt changes of %s", name).hasValue(1);
    }
    assertThat(first.lastUse().writes() + second.lastUse().writes())
        .as("status writes for 2 tokens over 10,000 requests")
        .isEqualTo(2);

    operator.refreshMetrics();
    long busyUsed = Instant.parse(token(ns, "busy").getStatus().getLastUsedAt()).getEpochSecond();
    assertThat(
            registry
                .scrape()
                .lines()
                .filter(l -> l.startsWith("keyward_credential_last_used_timestamp_seconds{"))
                .filter(l -> l.contains("name=\"busy\"") && l.contains("namespace=\"" + ns + "\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .toList())
        .containsExactly((double) busyUsed);
  }

  /** Sends {@code total} /auth requests, alternating tokens and replicas; returns the 200s. */
  private static int load(int total, String busy, String quiet) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<Void>>> batch = new ArrayList<>();
    int ok = 0;
    for (int i = 0; i < total; i++) {
      VerificationServer server = i % 2 == 0 ? first : second;
      String key = i % 100 == 0 ? quiet : busy;
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/auth"))
              .header("X-API-Key", key)
              .header("X-Forwarded-For", "192.0.2." + (1 + i % 50))
              .build();
      batch.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
      if (batch.size() == 100) {
        ok += drain(batch);
      }
    }
    return ok + drain(batch);
  }

  private static int drain(List<CompletableFuture<HttpResponse<Void>>> batch) {
    int ok = 0;
    for (CompletableFuture<HttpResponse<Void>> f : batch) {
      if (f.join().statusCode() == 200) {
        ok++;
      }
    }
    batch.clear();
    return ok;
  }
}
