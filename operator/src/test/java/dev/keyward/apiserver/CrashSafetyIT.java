package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secret;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.credential.KeyHasher;
import dev.keyward.lifecycle.CrashPoint;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An operator that dies between writing a token's Secret and writing its status: after a restart
 * exactly one key exists, and the record matches it.
 */
class CrashSafetyIT {

  /** Thrown at the crash point: the reconcile ends without writing the status. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated crash after the Secret was written", null, false, false);
    }
  }

  @Test
  void restartAfterACrashBetweenSecretAndStatusKeepsExactlyTheOneKeyThatWasWritten()
      throws Exception {
    String ns = TestCluster.createNamespace("crash");
    CountDownLatch secretWritten = new CountDownLatch(1);
    CountDownLatch operatorStopped = new CountDownLatch(1);
    CrashPoint crashOnce =
        owner -> {
          if ("crashy".equals(owner.getMetadata().getName()) && secretWritten.getCount() > 0) {
            secretWritten.countDown();
            try {
              operatorStopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new SimulatedCrash();
          }
        };
    KeywardOperator first = TestOperator.start(crashOnce);
    apply(ns, userYaml("owner", "roles: [runner]"));
    apply(ns, tokenYaml("crashy", "owner", "scopes: [runners.read]"));
    assertThat(secretWritten.await(30, TimeUnit.SECONDS)).isTrue();
    String writtenKey = secretValue(ns, "crashy", "token");

    Thread stopper = new Thread(first::close);
    stopper.start();
    operatorStopped.countDown();
    stopper.join(30_000);
    ApiToken afterCrash = token(ns, "crashy");
    assertThat(afterCrash.getStatus() == null || afterCrash.getStatus().getKey() == null)
        .as("the crash happened before the status recorded the key")
        .isTrue();

    KeywardOperator second = TestOperator.start();
    try {
      ApiToken token = awaitTokenPhase(ns, "crashy", "Active");

      assertThat(secretValue(ns, "crashy", "token")).isEqualTo(writtenKey);
      assertThat(KeyHasher.matches(writtenKey, token.getStatus().getKey())).isTrue();
      assertThat(token.getStatus().getPreviousKeys()).isEmpty();
      assertThat(secret(ns, "crashy").getData()).containsOnlyKeys("token");
      assertThat(TestCluster.client().v1().events().inNamespace(ns).list().getItems())
          .extracting(e -> e.getReason())
          .contains("KeyAdopted")
          .doesNotContain("KeyReissued");
    } finally {
      second.close();
    }
  }

  @Test
  void withoutACrashEachKeyIsIssuedAndNeverAdopted() {
    String ns = TestCluster.createNamespace("no-crash");
    KeywardOperator operator = TestOperator.start();
    try {
      apply(ns, userYaml("owner", "roles: [runner]"));
      for (int i = 0; i < 20; i++) {
        apply(ns, tokenYaml("calm-" + i, "owner", "scopes: [runners.read]"));
      }
      for (int i = 0; i < 20; i++) {
        awaitTokenPhase(ns, "calm-" + i, "Active");
      }
      AtomicReference<List<String>> reasons = new AtomicReference<>(List.of());
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> reasons.getAndSet(eventReasons(ns)).equals(reasons.get()));

      assertThat(reasons.get()).contains("KeyIssued").doesNotContain("KeyAdopted");
    } finally {
      operator.close();
    }
  }

  @Test
  void crashDuringAReissueGivesTheOldKeyNoGraceAfterRestart() throws Exception {
    String ns = TestCluster.createNamespace("crash-reissue");
    AtomicBoolean armed = new AtomicBoolean(false);
    CountDownLatch secretWritten = new CountDownLatch(1);
    CountDownLatch operatorStopped = new CountDownLatch(1);
    CrashPoint crashWhenArmed =
        owner -> {
          if ("reissued".equals(owner.getMetadata().getName()) && armed.getAndSet(false)) {
            secretWritten.countDown();
            try {
              operatorStopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new SimulatedCrash();
          }
        };
    KeywardOperator first = TestOperator.start(crashWhenArmed);
    VerificationServer server =
        VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0);
    Http http = new Http(server.port());
    try {
      apply(ns, userYaml("owner", "roles: [runner]"));
      apply(ns, tokenYaml("reissued", "owner", "rotation:\n    gracePeriod: 1h"));
      awaitTokenPhase(ns, "reissued", "Active");
      String oldKey = secretValue(ns, "reissued", "token");
      await().atMost(Duration.ofSeconds(5)).until(() -> status(http, oldKey) == 200);

      armed.set(true);
      TestCluster.client().secrets().inNamespace(ns).withName("reissued").delete();
      assertThat(secretWritten.await(30, TimeUnit.SECONDS)).isTrue();
      String newKey = secretValue(ns, "reissued", "token");
      assertThat(newKey).isNotEqualTo(oldKey);
      Thread stopper = new Thread(first::close);
      stopper.start();
      operatorStopped.countDown();
      stopper.join(30_000);
      assertThat(KeyHasher.matches(oldKey, token(ns, "reissued").getStatus().getKey()))
          .as("the crash happened before the status recorded the new key")
          .isTrue();

      KeywardOperator second = TestOperator.start();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> KeyHasher.matches(newKey, token(ns, "reissued").getStatus().getKey()));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(http, newKey) == 200);

        assertThat(status(http, oldKey)).isEqualTo(401);
        assertThat(token(ns, "reissued").getStatus().getPreviousKeys()).isEmpty();
        assertThat(secretValue(ns, "reissued", "token")).isEqualTo(newKey);
        assertThat(secret(ns, "reissued").getMetadata().getAnnotations())
            .containsEntry("keyward.dev/intent", "reissue");
      } finally {
        second.close();
      }
    } finally {
      server.close();
    }
  }

  private static List<String> eventReasons(String ns) {
    return TestCluster.client().v1().events().inNamespace(ns).list().getItems().stream()
        .map(e -> e.getReason())
        .sorted()
        .toList();
  }

  private static int status(Http http, String key) {
    return http.get("/auth", "Token", key).statusCode();
  }
}
