package dev.keyward.credential;

import java.security.SecureRandom;

/** Random passwords from letters, digits and a few symbols that survive shells and URLs. */
public final class PasswordGenerator {

  public static final int DEFAULT_LENGTH = 24;
  private static final String ALPHABET = Base62.ALPHABET + "-_.~!@#%^*+=";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordGenerator() {}

  public static String generate(int length) {
    StringBuilder password = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
