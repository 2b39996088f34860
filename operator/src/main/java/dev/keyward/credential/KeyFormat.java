package dev.keyward.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The format of every key Keyward issues: {@code <prefix>_<32 base62 random><6 base62 CRC32>}. 32
 * base62 digits from {@link SecureRandom} carry 190 bits; the CRC32 of prefix and random part lets
 * a scanner or the verifier reject a mistyped or made-up key without any lookup.
 */
public final class KeyFormat {

  public static final int RANDOM_LENGTH = 32;
  public static final int CHECKSUM_LENGTH = 6;

  /** Prefixes: a lowercase letter then 1-9 lowercase letters or digits. */
  public static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,9}");

  /** What secret scanners should look for, whatever the installation's prefixes. */
  public static final String SCANNER_REGEX = "\\b[a-z][a-z0-9]{1,9}_[0-9A-Za-z]{38}\\b";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix;

  public KeyFormat(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "key prefix must be a lowercase letter followed by 1-9 lowercase letters or digits");
    }
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** A new random key. */
  public String generate() {
    StringBuilder random = new StringBuilder(RANDOM_LENGTH);
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      random.append(Base62.ALPHABET.charAt(RANDOM.nextInt(62)));
    }
    String body = prefix + "_" + random;
    return body + checksum(body);
  }

  /** True when the key has this format's prefix, shape and a matching checksum. */
  public boolean isWellFormed(String key) {
    return key != null && key.startsWith(prefix + "_") && hasValidChecksum(key);
  }

  /** True when the key has any valid prefix, the right shape and a matching checksum. */
  public static boolean hasValidChecksum(String key) {
    if (key == null) {
      return false;
    }
    int separator = key.indexOf('_');
    if (separator < 2 || key.length() != separator + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH) {
      return false;
    }
    // PREFIX, checked by hand: this runs on every request to /auth.
    if (!isValidPrefix(key, separator)) {
      return false;
    }
    for (int i = separator + 1; i < key.length(); i++) {
      if (!Base62.isDigit(key.charAt(i))) {
        return false;
      }
    }
    int split = key.length() - CHECKSUM_LENGTH;
    // Only ASCII is left: the characters are the bytes the checksum covers.
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.US_ASCII), 0, split);
    return Base62.isFixed(crc.getValue(), key, split, CHECKSUM_LENGTH);
  }

  /** What {@link #PREFIX} matches, for the first {@code length} characters of {@code key}. */
  private static boolean isValidPrefix(String key, int length) {
    if (length < 2 || length > 10) {
      return false;
    }
    char first = key.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = key.charAt(i);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /** Prefix and the last four characters: enough to recognise a key, never to use it. */
  public static String hint(String key) {
    int separator = key.indexOf('_');
    return key.substring(0, separator + 1) + "..." + key.substring(key.length() - 4);
  }

  private static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    return Base62.encodeFixed(crc.getValue(), CHECKSUM_LENGTH);
  }
}
