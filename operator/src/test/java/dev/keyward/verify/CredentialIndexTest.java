package dev.keyward.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.credential.KeyFormat;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class CredentialIndexTest {

  @Test
  void keyWithABadChecksumIsRejectedBeforeAnyLookup() {
    // No informers at all: a lookup would fail with a NullPointerException.
    CredentialIndex index =
        new CredentialIndex(
            null, null, null, "default", Clock.systemUTC(), new RememberedAnswers());
    String key = new KeyFormat("kwt").generate();
    String typo = key.substring(0, 10) + (key.charAt(10) == 'x' ? 'y' : 'x') + key.substring(11);

    assertThat(index.verify(typo)).isEmpty();
    assertThat(index.verify("kwt_short")).isEmpty();
    assertThat(index.verify(null)).isEmpty();
  }
}
