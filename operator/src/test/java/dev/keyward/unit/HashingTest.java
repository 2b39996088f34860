package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.KeyHash;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.credential.PasswordHasher;
import org.junit.jupiter.api.Test;

class HashingTest {

  @Test
  void keyDigestIsTaggedSha256AndVerifiesOnlyTheSameKey() {
    KeyFormat format = new KeyFormat("kwt");
    String key = format.generate();

    KeyHash record = KeyHasher.record(key, "2026-01-01T00:00:00Z");

    assertThat(record.getAlgorithm()).isEqualTo("sha256");
    assertThat(record.getDigest()).hasSize(64).doesNotContain(key.substring(4));
    assertThat(record.getHint()).doesNotContain(key.substring(4, key.length() - 4));
    assertThat(KeyHasher.matches(key, record)).isTrue();
    assertThat(KeyHasher.matches(format.generate(), record)).isFalse();
  }

  @Test
  void recordWithAnotherAlgorithmNeverMatches() {
    String key = new KeyFormat("kwt").generate();
    KeyHash record = KeyHasher.record(key, null);
    record.setAlgorithm("md5");

    assertThat(KeyHasher.matches(key, record)).isFalse();
  }

  @Test
  void passwordHashIsArgon2idPhcAtOwaspParameters() {
    String phc = PasswordHasher.hash("correct horse battery staple");

    assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(phc).doesNotContain("correct horse");
    assertThat(PasswordHasher.verify("correct horse battery staple", phc)).isTrue();
    assertThat(PasswordHasher.verify("correct horse battery stapler", phc)).isFalse();
  }

  @Test
  void samePasswordGetsDifferentSalts() {
    assertThat(PasswordHasher.hash("same password"))
        .isNotEqualTo(PasswordHasher.hash("same password"));
  }

  @Test
  void malformedPhcNeverVerifies() {
    assertThat(PasswordHasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$BBBB")).isFalse();
    assertThat(PasswordHasher.verify("x", "plain")).isFalse();
  }
}
