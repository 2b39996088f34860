package dev.keyward.http;

import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PEM certificate chain and private key the HTTP API serves TLS with, as a cert-manager
 * Certificate's Secret mounts them ({@code tls.crt}, {@code tls.key}).
 */
public record TlsFiles(Path certificate, Path key) {

  /** Fails at start-up, with the path, when either file cannot be read. */
  public TlsFiles {
    for (Path file : new Path[] {certificate, key}) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("TLS file " + file + " does not exist or is unreadable");
      }
    }
  }

  public PemKeyCertOptions options() {
    return new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString());
  }

  /** Changes whenever either file is replaced (a renewed certificate). */
  public String version() {
    try {
      return Files.getLastModifiedTime(certificate.toRealPath())
          + "/"
          + Files.getLastModifiedTime(key.toRealPath())
          + "/"
          + Files.size(certificate.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
