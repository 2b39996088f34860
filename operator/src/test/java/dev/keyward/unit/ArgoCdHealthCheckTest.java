package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.testing.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health check in docs/argocd, run by a real Lua interpreter the way Argo CD runs it
 * (the resource as the global {@code obj}, a table with status and message returned). Skipped where
 * no {@code lua} is installed.
 */
class ArgoCdHealthCheckTest {

  private static final Path SCRIPT = TestCluster.repoRoot().resolve("docs/argocd/health.lua");

  @BeforeAll
  static void luaIsInstalled() {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/lua")), "lua is not installed: health check not run");
  }

  private static String health(Map<String, Object> resource) throws Exception {
    Path harness = Files.createTempFile("argocd-health", ".lua");
    try {
      Files.writeString(
          harness,
          "obj = "
              + lua(resource)
              + "\nlocal hs = dofile(arg[1])\nio.write(hs.status .. '|' .. (hs.message or ''))\n");
      Process lua =
          new ProcessBuilder("/usr/bin/lua", harness.toString(), SCRIPT.toString()).start();
      String out = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(lua.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(lua.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(lua.exitValue()).as(err).isZero();
      return out;
    } finally {
      Files.deleteIfExists(harness);
    }
  }

  /** A Lua table literal for a JSON-like value. */
  private static String lua(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> "[" + lua(e.getKey()) + "] = " + lua(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof List<?> list) {
      return list.stream()
          .map(ArgoCdHealthCheckTest::lua)
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return String.valueOf(value);
  }

  private static Map<String, Object> token(String phase, String readyMessage, long observed) {
    return Map.of(
        "kind", "ApiToken",
        "metadata", Map.of("name", "ci", "generation", 2),
        "status",
            Map.of(
                "phase", phase,
                "observedGeneration", observed,
                "conditions",
                    List.of(
                        Map.of("type", "OwnerFound", "status", "True", "message", "owned"),
                        Map.of("type", "Ready", "status", "Unknown", "message", readyMessage))));
  }

  @Test
  void activeIsHealthyWithTheReadyMessage() throws Exception {
    assertThat(health(token("Active", "the key verifies", 2)))
        .isEqualTo("Healthy|the key verifies");
  }

  @Test
  void pendingAndUnreconciledAreProgressing() throws Exception {
    assertThat(health(token("Pending", "ApiUser bob does not exist", 2)))
        .isEqualTo("Progressing|ApiUser bob does not exist");
    assertThat(health(token("Active", "the key verifies", 1))).startsWith("Progressing|");
    assertThat(health(Map.of("kind", "ApiToken", "metadata", Map.of("name", "new"))))
        .startsWith("Progressing|");
  }

  @Test
  void expiredAndInvalidAreDegraded() throws Exception {
    assertThat(health(token("Expired", "expired at 2030-01-01T00:00:00Z", 2)))
        .isEqualTo("Degraded|expired at 2030-01-01T00:00:00Z");
    assertThat(health(token("Invalid", "scopes not allowed: admin", 2)))
        .isEqualTo("Degraded|scopes not allowed: admin");
  }

  @Test
  void expiringSoonIsDegradedWithTheWarning() throws Exception {
    String warning =
        "the key expires at 2030-01-01T00:00:00Z, within 7 days; it is not renewed automatically";
    Map<String, Object> token =
        Map.of(
            "kind", "ApiToken",
            "metadata", Map.of("name", "ci", "generation", 2),
            "status",
                Map.of(
                    "phase",
                    "Active",
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(
                        Map.of("type", "Ready", "status", "True", "message", "the key verifies"),
                        Map.of(
                            "type",
                            "ExpiringSoon",
                            "status",
                            "True",
                            "reason",
                            "ExpiringSoon",
                            "message",
                            warning))));

    assertThat(health(token)).isEqualTo("Degraded|" + warning);
  }

  @Test
  void deprecatedIsDegradedUntilRotated() throws Exception {
    assertThat(health(token("Deprecated", "the key was deprecated", 2)))
        .isEqualTo("Degraded|the key was deprecated");
  }

  @Test
  void disabledIsSuspendedNotAFailure() throws Exception {
    assertThat(health(token("Disabled", "spec.enabled is false", 2)))
        .isEqualTo("Suspended|spec.enabled is false");
  }

  @Test
  void scriptIsTheOneTheReadmeTellsUsersToInstall() throws IOException {
    assertThat(Files.readString(TestCluster.repoRoot().resolve("README.md")))
        .contains("docs/argocd/health.lua")
        .contains("resource.customizations.health.keyward.dev_ApiToken");
  }
}
