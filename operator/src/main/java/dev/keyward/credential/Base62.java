package dev.keyward.credential;

/** Base62 digits (0-9, A-Z, a-z): URL-safe, no punctuation, double-click selectable. */
final class Base62 {

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private Base62() {}

  /** Encodes a non-negative number as exactly {@code width} digits, zero-padded. */
  static String encodeFixed(long value, int width) {
    char[] digits = new char[width];
    for (int i = width - 1; i >= 0; i--) {
      digits[i] = ALPHABET.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(digits);
  }

  /**
   * True when {@code width} characters of {@code text} from {@code offset} are {@link
   * #encodeFixed}{@code (value, width)}, compared without building that string.
   */
  static boolean isFixed(long value, String text, int offset, int width) {
    for (int i = width - 1; i >= 0; i--) {
      if (text.charAt(offset + i) != ALPHABET.charAt((int) (value % 62))) {
        return false;
      }
      value /= 62;
    }
    return true;
  }

  static boolean isDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
