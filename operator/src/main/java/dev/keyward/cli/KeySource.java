package dev.keyward.cli;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a key comes from: a Keyward resource's Secret, a named Secret, or standard input. The key
 * is only ever sent to the verifier, never printed.
 */
final class KeySource {

  @Option(
      names = "--from",
      paramLabel = "KIND/NAME",
      description = "Read the key from the Secret of this token (token/NAME).",
      converter = ResourceRef.Converter.class)
  ResourceRef from;

  @Option(names = "--secret", paramLabel = "NAME", description = "Read the key from this Secret.")
  String secret;

  @Option(
      names = "--secret-key",
      paramLabel = "KEY",
      description = "The data key of the Secret that holds the key (default: token).")
  String secretKey;

  @Option(names = "--stdin", description = "Read the key from the first line of standard input.")
  boolean stdin;

  String read(ClusterOptions cluster, InputStream in) {
    int given = (from != null ? 1 : 0) + (secret != null ? 1 : 0) + (stdin ? 1 : 0);
    if (given != 1) {
      throw new CliFailure(
          ExitCode.USAGE, "give exactly one of --from token/NAME, --secret NAME or --stdin");
    }
    if (stdin) {
      return fromStdin(in);
    }
    String secretName = secret;
    String dataKey = secretKey;
    if (from != null) {
      ResourceView resource = cluster.get(from);
      secretName = resource.secretName().orElse(from.name());
      dataKey = dataKey != null ? dataKey : resource.secretDataKey().orElse(null);
    }
    return secretValue(cluster, secretName, dataKey != null ? dataKey : "token");
  }

  static String secretValue(ClusterOptions cluster, String name, String dataKey) {
    Secret found = cluster.client().secrets().inNamespace(cluster.namespace()).withName(name).get();
    if (found == null) {
      throw CliFailure.notFound("Secret " + name + " in namespace " + cluster.namespace());
    }
    return data(found, dataKey)
        .orElseThrow(() -> CliFailure.notFound("data key " + dataKey + " in Secret " + name));
  }

  static Optional<String> data(Secret secret, String dataKey) {
    Map<String, String> data = secret.getData();
    String encoded = data == null ? null : data.get(dataKey);
    return Optional.ofNullable(encoded)
        .map(e -> new String(Base64.getDecoder().decode(e), StandardCharsets.UTF_8));
  }

  private static String fromStdin(InputStream in) {
    try {
      String line =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isBlank()) {
        throw new CliFailure(ExitCode.USAGE, "standard input holds no key");
      }
      return line.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
