package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.Condition;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ExpiringSoon on a real API server, with short lead times (30 and 15 seconds): the condition and a
 * Warning event appear at each lead time before a fixed expiry, never for a rolling key, and go
 * away when the key expires.
 */
class ExpiringSoonIT {

  private static KeywardOperator operator;
  private static String ns;

  @BeforeAll
  static void start() {
    operator =
        TestOperator.start(
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource())
                .withExpiryWarning(ExpiryWarning.parse(List.of("30s", "15s"))));
    ns = TestCluster.createNamespace("expiring");
    apply(ns, userYaml("erin", "roles: [runner]"));
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void aFixedExpiryIsWarnedAboutAtEachLeadTimeAndARollingKeyIsNot() {
    Instant expires = Instant.now().plusSeconds(50).truncatedTo(ChronoUnit.SECONDS);
    apply(ns, tokenYaml("fixed", "erin", "expires: \"" + expires + "\""));
    apply(ns, tokenYaml("rolling", "erin", "lifetime: 1m\n  renewBefore: 10s"));
    awaitTokenPhase(ns, "fixed", "Active");
    awaitTokenPhase(ns, "rolling", "Active");

    Condition first = awaitExpiringSoon("within 30 seconds");

    assertThat(first.getStatus()).isEqualTo("True");
    assertThat(first.getReason()).isEqualTo("ExpiringSoon");
    assertThat(first.getMessage())
        .isEqualTo(
            "the key expires at "
                + expires
                + ", within 30 seconds; it is not renewed automatically");
    assertThat(Instant.parse(first.getLastTransitionTime()))
        .as("not before the lead time")
        .isAfterOrEqualTo(expires.minusSeconds(30));

    Condition second = awaitExpiringSoon("within 15 seconds");

    assertThat(Instant.now()).isAfterOrEqualTo(expires.minusSeconds(15));
    assertThat(second.getMessage()).contains("within 15 seconds");
    // By now the rolling key (1m lifetime) is inside the 30-second lead time of its expiry too.
    assertThat(condition(token(ns, "rolling").getStatus(), "ExpiringSoon")).isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(warnings("fixed"))
                    .extracting(Event::getMessage)
                    .anySatisfy(m -> assertThat(m).contains("within 30 seconds"))
                    .anySatisfy(m -> assertThat(m).contains("within 15 seconds")));
    assertThat(warnings("rolling")).isEmpty();

    ApiToken expired = awaitTokenPhase(ns, "fixed", "Expired");
    assertThat(condition(expired.getStatus(), "ExpiringSoon")).isEmpty();
  }

  private static Condition awaitExpiringSoon(String within) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                condition(token(ns, "fixed").getStatus(), "ExpiringSoon")
                    .filter(c -> c.getMessage().contains(within))
                    .isPresent());
    return condition(token(ns, "fixed").getStatus(), "ExpiringSoon").orElseThrow();
  }

  private static List<Event> warnings(String name) {
    return TestCluster.client().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "ExpiringSoon".equals(e.getReason()))
        .filter(e -> "Warning".equals(e.getType()))
        .toList();
  }
}
