package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.operator.RunMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The command line and the environment are resolved once, into one immutable settings object. */
class KeywardSettingsTest {

  @TempDir Path dir;

  private KeywardSettings settings(Map<String, String> env, String... args) throws Exception {
    Keyward command = new Keyward();
    new CommandLine(command).parseArgs(args);
    return command.settings(env::get);
  }

  private String roleMap() throws Exception {
    Path file = dir.resolve("role-map.yaml");
    java.nio.file.Files.writeString(file, "roles: {}\n");
    return file.toString();
  }

  @Test
  void podNamespaceIsTheOperatorNamespaceAndTheLeaseNamespace() throws Exception {
    KeywardSettings settings =
        settings(
            Map.of("KUBECONFIG", "/dev/null", "POD_NAMESPACE", "keyward-system"),
            "--role-map",
            roleMap());

    assertThat(settings.operatorNamespace()).isEqualTo("keyward-system");
    assertThat(settings.leaseNamespace()).contains("keyward-system");
    assertThat(settings.local()).isFalse();
  }

  @Test
  void flagsWinOverTheEnvironment() throws Exception {
    KeywardSettings settings =
        settings(
            Map.of("KUBECONFIG", "/dev/null", "POD_NAMESPACE", "keyward-system"),
            "--role-map",
            roleMap(),
            "--namespace",
            "ops",
            "--lease-namespace",
            "leases",
            "--mode",
            "verifier");

    assertThat(settings.operatorNamespace()).isEqualTo("ops");
    assertThat(settings.leaseNamespace()).contains("leases");
    assertThat(settings.mode()).isEqualTo(RunMode.verifier);
  }

  @Test
  void localModeAlwaysRunsEverything() throws Exception {
    KeywardSettings settings = settings(Map.of(), "--local", "--mode", "verifier");

    assertThat(settings.local()).isTrue();
    assertThat(settings.mode()).isEqualTo(RunMode.all);
    assertThat(settings.electsLeader()).isFalse();
  }

  @Test
  void trustedProxiesAreParsedOnceAndBadNetworksRefused() throws Exception {
    KeywardSettings trusting = settings(Map.of(), "--local", "--trusted-proxies", "10.0.0.0/8");

    assertThat(trusting.clients().resolve("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(settings(Map.of(), "--local").clients().resolve("10.1.2.3", "198.51.100.1"))
        .isEqualTo("10.1.2.3");
    assertThatThrownBy(() -> settings(Map.of(), "--local", "--trusted-proxies", "10.0.0.0"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--trusted-proxies");
  }

  @Test
  void theDefaultPublicUrlNamesTheServedPort() throws Exception {
    KeywardSettings settings = settings(Map.of(), "--local");

    assertThat(settings.publicUrl(43210)).isEqualTo("http://localhost:43210");
    assertThat(settings(Map.of(), "--local", "--public-url", "https://k.example/").publicUrl(1))
        .isEqualTo("https://k.example/");
  }
}
