package dev.keyward.credential;

import dev.keyward.api.KeyHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Digests of high-entropy keys: SHA-256, tagged with its algorithm. Keys carry 190 random bits, so
 * a fast digest is as safe as a slow hash and lets the verifier answer in microseconds.
 */
public final class KeyHasher {

  public static final String ALGORITHM = "sha256";

  private KeyHasher() {}

  /** One SHA-256 instance per thread: looking one up costs more than digesting a key. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
          });

  private static final HexFormat HEX = HexFormat.of();

  public static String digest(String key) {
    // digest() resets the instance, so the next call starts afresh.
    return HEX.formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** A record of the key: digest and hint, never the key. */
  public static KeyHash record(String key, String issuedAt) {
    KeyHash hash = new KeyHash();
    hash.setAlgorithm(ALGORITHM);
    hash.setDigest(digest(key));
    hash.setHint(KeyFormat.hint(key));
    hash.setIssuedAt(issuedAt);
    return hash;
  }

  /** Constant-time comparison of a digest (hex) with a record's. */
  public static boolean sameDigest(KeyHash record, String digest) {
    if (digest == null || record == null || !ALGORITHM.equals(record.getAlgorithm())) {
      return false;
    }
    return MessageDigest.isEqual(
        digest.getBytes(StandardCharsets.US_ASCII),
        String.valueOf(record.getDigest()).getBytes(StandardCharsets.US_ASCII));
  }

  /** Constant-time comparison of the key's digest with a record. */
  public static boolean matches(String key, KeyHash record) {
    if (key == null || record == null || !ALGORITHM.equals(record.getAlgorithm())) {
      return false;
    }
    return MessageDigest.isEqual(
        digest(key).getBytes(StandardCharsets.US_ASCII),
        String.valueOf(record.getDigest()).getBytes(StandardCharsets.US_ASCII));
  }
}
