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
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Http;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How long a revoked credential keeps verifying after the change, measured by polling the
 * forward-auth endpoint every 10 ms; the target is under one second. Figures go to
 * target/revocation-latency.txt.
 */
class RevocationLatencyIT {

  private static final Duration TARGET = Duration.ofSeconds(1);
  private static KeywardOperator operator;
  private static VerificationServer server;
  private static Http http;
  private static String ns;

  @BeforeAll
  static void start() throws IOException {
    operator = TestOperator.start();
    server = VerificationServer.start(TestCluster.client(), Clock.systemUTC(), 0);
    http = new Http(server.port());
    ns = TestCluster.createNamespace("revoke");
    apply(ns, userYaml("rex", "roles: [runner]"));
    Files.deleteIfExists(Path.of("target/revocation-latency.txt"));
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  private static String activeKey(String name, String spec) {
    apply(ns, tokenYaml(name, "rex", spec));
    awaitTokenPhase(ns, name, "Active");
    String key = secretValue(ns, name, "token");
    await().atMost(Duration.ofSeconds(5)).until(() -> verifies(key));
    return key;
  }

  private static boolean verifies(String key) {
    return http.get("/auth", "Token", key).statusCode() == 200;
  }

  /** Milliseconds from {@code changedAt} until the key stops verifying. */
  private static long stillVerifiedFor(String key, Instant changedAt, String what)
      throws IOException {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !verifies(key));
    long millis = Math.max(0, Duration.between(changedAt, Instant.now()).toMillis());
    Files.writeString(
        Path.of("target/revocation-latency.txt"),
        what + ": " + millis + " ms\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return millis;
  }

  @Test
  void disabledTokenStopsVerifyingWithinOneSecond() throws IOException {
    String key = activeKey("r-disabled", "");

    apply(ns, tokenYaml("r-disabled", "rex", "enabled: false"));
    Instant changed = Instant.now();

    assertThat(stillVerifiedFor(key, changed, "disabled")).isLessThan(TARGET.toMillis());
  }

  @Test
  void expiredTokenStopsVerifyingWithinOneSecondOfItsExpiry() throws IOException {
    Instant expires = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    String key = activeKey("r-expired", "expires: \"" + expires + "\"");

    assertThat(stillVerifiedFor(key, expires, "expired")).isLessThan(TARGET.toMillis());
  }

  @Test
  void rotatedOutKeyStopsVerifyingWithinOneSecondOfTheEndOfItsGracePeriod() throws IOException {
    String key = activeKey("r-rotated", "rotation:\n    gracePeriod: 2s");
    Resources.annotate(
        TestCluster.client(), ApiToken.class, ns, "r-rotated", "keyward.dev/rotate", "1");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !token(ns, "r-rotated").getStatus().getPreviousKeys().isEmpty());
    Instant graceEnds =
        Instant.parse(token(ns, "r-rotated").getStatus().getPreviousKeys().get(0).getValidUntil());
    assertThat(verifies(key)).as("the previous key works during its grace period").isTrue();

    assertThat(stillVerifiedFor(key, graceEnds, "rotated out after grace"))
        .isLessThan(TARGET.toMillis());
  }

  @Test
  void deletedTokenStopsVerifyingWithinOneSecond() throws IOException {
    String key = activeKey("r-deleted", "");

    TestCluster.client().resources(ApiToken.class).inNamespace(ns).withName("r-deleted").delete();
    Instant changed = Instant.now();

    assertThat(stillVerifiedFor(key, changed, "deleted")).isLessThan(TARGET.toMillis());
  }

  @Test
  void tokenOfADisabledUserStopsVerifyingWithinOneSecond() throws IOException {
    apply(ns, userYaml("rudy", "roles: [runner]"));
    apply(ns, tokenYaml("r-user", "rudy", ""));
    awaitTokenPhase(ns, "r-user", "Active");
    String key = secretValue(ns, "r-user", "token");
    await().atMost(Duration.ofSeconds(5)).until(() -> verifies(key));

    apply(ns, userYaml("rudy", "roles: [runner]\n  enabled: false"));
    Instant changed = Instant.now();

    assertThat(stillVerifiedFor(key, changed, "owner disabled")).isLessThan(TARGET.toMillis());
  }

  @Test
  void revokedTokenStopsVerifyingWithinOneSecond() throws IOException {
    String key = activeKey("r-revoked", "rotation:\n    gracePeriod: 1h");

    Resources.annotate(
        TestCluster.client(), ApiToken.class, ns, "r-revoked", "keyward.dev/revoke", "1");
    Instant changed = Instant.now();

    assertThat(stillVerifiedFor(key, changed, "revoked (keyward.dev/revoke)"))
        .isLessThan(TARGET.toMillis());
  }
}
