package dev.keyward.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Keyward's Argon2id is the Argon2id of RFC 9106 (section 5.3), not Argon2i or Argon2d. */
class Argon2idRfc9106Test {

  @Test
  void argon2idMatchesTheRfc9106TestVector() {
    byte[] password = filled(32, 0x01);
    byte[] salt = filled(16, 0x02);
    byte[] secret = filled(8, 0x03);
    byte[] associatedData = filled(12, 0x04);

    byte[] tag = PasswordHasher.argon2id(password, salt, 32, 3, 4, 32, secret, associatedData);

    assertThat(HexFormat.of().formatHex(tag))
        .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
