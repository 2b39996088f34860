package dev.keyward.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The PEM certificate chain and private key the HTTP API serves TLS with, as a cert-manager
 * Certificate's Secret mounts them ({@code tls.crt}, {@code tls.key}), and how often they are
 * checked for a renewal.
 */
public record TlsFiles(Path certificate, Path key, Duration checkEvery) {

  /** Mounted Secrets change within about a minute of the Secret; checking as often suffices. */
  public static final Duration DEFAULT_CHECK = Duration.ofMinutes(1);

  /** Fails at start-up, with the path, when either file cannot be read. */
  public TlsFiles {
    for (Path file : new Path[] {certificate, key}) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("TLS file " + file + " does not exist or is unreadable");
      }
    }
  }

  public TlsFiles(Path certificate, Path key) {
    this(certificate, key, DEFAULT_CHECK);
  }

  /**
   * The files' current contents. Read here rather than passed as paths: Vert.x ignores an update
   * whose options are equal to the current ones, which paths that did not change would be.
   */
  public PemKeyCertOptions options() {
    try {
      return new PemKeyCertOptions()
          .setCertValue(Buffer.buffer(Files.readAllBytes(certificate)))
          .setKeyValue(Buffer.buffer(Files.readAllBytes(key)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Changes whenever either file is replaced (a renewed certificate). */
  public String version() {
    try {
      return Files.getLastModifiedTime(certificate.toRealPath())
          + "/"
          + Files.getLastModifiedTime(key.toRealPath())
          + "/"
          + Files.size(certificate.toRealPath())
          + "/"
          + certificate.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
