package dev.keyward.bench;

import dev.keyward.api.Application;
import dev.keyward.api.ApplicationSpec;
import dev.keyward.api.KeywardNames;
import dev.keyward.secret.SecretStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * An Application (role {@code runner}) whose app id and secret the exchange load posts to {@code
 * /oauth/token}: written to an owner-only temporary file (id, then secret), deleted on close. The
 * secret is never printed.
 */
final class ExchangeClient implements AutoCloseable {

  static final String NAME = "bench-app";

  private final Path path;

  private ExchangeClient(Path path) {
    this.path = path;
  }

  static ExchangeClient create(KubernetesClient client, String namespace)
      throws InterruptedException {
    ApplicationSpec spec = new ApplicationSpec();
    spec.setRoles(List.of("runner"));
    spec.setTokenLifetime("15m");
    spec.setDescription("benchmark client");
    Application app = new Application();
    app.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(namespace).build());
    app.setSpec(spec);
    client.resource(app).create();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Application current =
          client.resources(Application.class).inNamespace(namespace).withName(NAME).get();
      Secret secret = client.secrets().inNamespace(namespace).withName(NAME).get();
      if (current.getStatus() != null
          && "Active".equals(current.getStatus().getPhase())
          && secret != null) {
        String id = SecretStore.value(secret, KeywardNames.APP_ID_DATA_KEY).orElseThrow();
        String appSecret =
            SecretStore.value(secret, KeywardNames.APP_SECRET_DATA_KEY).orElseThrow();
        try {
          Path file =
              Files.createTempFile(
                  "keyward-bench-client-",
                  ".txt",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")));
          file.toFile().deleteOnExit();
          Files.write(file, List.of(id, appSecret), StandardCharsets.US_ASCII);
          return new ExchangeClient(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the benchmark Application did not become Active");
  }

  Path path() {
    return path;
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
