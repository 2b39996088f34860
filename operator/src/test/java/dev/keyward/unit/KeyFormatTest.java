package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.credential.KeyFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyFormatTest {

  private final KeyFormat tokens = new KeyFormat("kwt");

  @Test
  void generatedKeyHasPrefixRandomPartAndChecksum() {
    String key = tokens.generate();

    assertThat(key).matches("kwt_[0-9A-Za-z]{38}");
    assertThat(tokens.isWellFormed(key)).isTrue();
  }

  @Test
  void generatedKeysMatchTheDocumentedScannerRegex() {
    assertThat(
            Pattern.compile(KeyFormat.SCANNER_REGEX).matcher("token: " + tokens.generate()).find())
        .isTrue();
  }

  @Test
  void randomPartCarriesAtLeast160Bits() {
    assertThat(KeyFormat.RANDOM_LENGTH * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(160);
  }

  @Test
  void keysDoNotRepeat() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      keys.add(tokens.generate());
    }
    assertThat(keys).hasSize(10_000);
  }

  @Test
  void anySingleCharacterChangeBreaksTheChecksum() {
    String key = tokens.generate();
    for (int i = 4; i < key.length(); i++) {
      char replacement = key.charAt(i) == 'a' ? 'b' : 'a';
      String typo = key.substring(0, i) + replacement + key.substring(i + 1);
      assertThat(KeyFormat.hasValidChecksum(typo)).as("changed at %d", i).isFalse();
    }
  }

  @Test
  void malformedKeysAreRejectedWithoutLookup() {
    String key = tokens.generate();

    assertThat(tokens.isWellFormed(null)).isFalse();
    assertThat(tokens.isWellFormed("")).isFalse();
    assertThat(tokens.isWellFormed(key.substring(0, key.length() - 1))).isFalse();
    assertThat(tokens.isWellFormed(key + "x")).isFalse();
    assertThat(tokens.isWellFormed(key.replace("kwt_", "kws_"))).isFalse();
    assertThat(tokens.isWellFormed(key.substring(0, 10) + "-" + key.substring(11))).isFalse();
  }

  @Test
  void otherInstallationsPrefixesAreValidKeysButNotOurs() {
    KeyFormat kriten = new KeyFormat("kri");
    String key = kriten.generate();

    assertThat(KeyFormat.hasValidChecksum(key)).isTrue();
    assertThat(tokens.isWellFormed(key)).isFalse();
  }

  @Test
  void hintShowsPrefixAndLastFourCharactersOnly() {
    String key = tokens.generate();

    assertThat(KeyFormat.hint(key)).isEqualTo("kwt_..." + key.substring(key.length() - 4));
  }

  @Test
  void invalidPrefixIsRefused() {
    assertThatThrownBy(() -> new KeyFormat("Bad_Prefix"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyFormat("k")).isInstanceOf(IllegalArgumentException.class);
  }
}
