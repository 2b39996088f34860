package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secret;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.credential.KeyHasher;
import dev.keyward.lifecycle.CrashPoint;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
}
