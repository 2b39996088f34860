package dev.keyward.bench;

import dev.keyward.api.KeywardNames;
import dev.keyward.secret.SecretStore;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The real keys of a namespace's token Secrets, in an owner-only temporary file for the load
 * generator, deleted on close. Keys are never printed.
 */
final class KeyFile implements AutoCloseable {

  private final Path path;
  private final int count;

  private KeyFile(Path path, int count) {
    this.path = path;
    this.count = count;
  }

  static KeyFile harvest(KubernetesClient client, String namespace) {
    List<String> keys = new ArrayList<>();
    String next = null;
    do {
      SecretList page =
          client
              .secrets()
              .inNamespace(namespace)
              .withLabel(KeywardNames.MANAGED_BY_LABEL, KeywardNames.MANAGED_BY)
              .list(new ListOptionsBuilder().withLimit(500L).withContinue(next).build());
      for (Secret secret : page.getItems()) {
        SecretStore.value(secret, KeywardNames.TOKEN_DATA_KEY).ifPresent(keys::add);
      }
      next = page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    try {
      Path path =
          Files.createTempFile(
              "keyward-bench-keys-",
              ".txt",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      path.toFile().deleteOnExit();
      Files.write(path, keys, StandardCharsets.US_ASCII);
      return new KeyFile(path, keys.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path() {
    return path;
  }

  int count() {
    return count;
  }

  /** One key, for a check that the endpoint accepts it before the load starts. */
  String firstKey() {
    try (var lines = Files.lines(path, StandardCharsets.US_ASCII)) {
      return lines.findFirst().orElseThrow(() -> new IllegalStateException("no keys found"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
