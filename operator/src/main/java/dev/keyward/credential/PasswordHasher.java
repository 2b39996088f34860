package dev.keyward.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id password hashes in PHC string form, at the OWASP parameters (m=19456 KiB, t=2, p=1). */
public final class PasswordHasher {

  public static final int MEMORY_KIB = 19456;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private PasswordHasher() {}

  /** Hashes a password with a fresh salt; returns the PHC string. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash =
        argon2id(
            password.getBytes(StandardCharsets.UTF_8),
            salt,
            MEMORY_KIB,
            ITERATIONS,
            PARALLELISM,
            HASH_BYTES,
            null,
            null);
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(
            MEMORY_KIB,
            ITERATIONS,
            PARALLELISM,
            B64.encodeToString(salt),
            B64.encodeToString(hash));
  }

  /** Checks a password against a PHC string, comparing in constant time. */
  public static boolean verify(String password, String phc) {
    if (password == null || phc == null) {
      return false;
    }
    Matcher m = PHC.matcher(phc);
    if (!m.matches()) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual =
        argon2id(
            password.getBytes(StandardCharsets.UTF_8),
            salt,
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            expected.length,
            null,
            null);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Raw Argon2id (version 0x13), with the optional secret and associated data of RFC 9106. */
  static byte[] argon2id(
      byte[] password,
      byte[] salt,
      int memoryKib,
      int iterations,
      int parallelism,
      int length,
      byte[] secret,
      byte[] associatedData) {
    // The type must be given: Argon2Parameters.Builder() without it silently means Argon2i.
    Argon2Parameters.Builder params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt);
    if (secret != null) {
      params.withSecret(secret);
    }
    if (associatedData != null) {
      params.withAdditional(associatedData);
    }
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params.build());
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }
}
