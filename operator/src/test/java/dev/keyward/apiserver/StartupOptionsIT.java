package dev.keyward.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses a configuration it cannot honour, with a message and a non-zero exit. */
class StartupOptionsIT {

  private record Exit(int code, String output) {}

  private static Exit run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.keyward.Keyward"));
    command.addAll(List.of("--http-port", "0", "--health-port", "0", "--metrics-port", "0"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", TestCluster.cluster().kubeconfig().toString());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
      return new Exit(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aMissingRoleMapFileStopsTheOperatorAtStartUp(@TempDir Path dir) throws Exception {
    Exit exit = run("--role-map", dir.resolve("absent.yaml").toString());

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.output()).contains("role map file").contains("absent.yaml");
  }

  @Test
  void tlsWithAnHttpPublicUrlIsRefused(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("tls.crt"), "placeholder");
    Path key = Files.writeString(dir.resolve("tls.key"), "placeholder");
    Path roleMap = TestCluster.repoRoot().resolve("config/role-map.yaml");

    Exit exit =
        run(
            "--role-map", roleMap.toString(),
            "--tls-cert", cert.toString(),
            "--tls-key", key.toString(),
            "--public-url", "http://keyward.example.com");
    Exit halfTls = run("--role-map", roleMap.toString(), "--tls-cert", cert.toString());

    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.output()).contains("--public-url must be an https URL when TLS is on");
    assertThat(halfTls.code()).isEqualTo(2);
    assertThat(halfTls.output()).contains("--tls-cert and --tls-key go together");
  }
}
