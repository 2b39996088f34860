package dev.keyward.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a key was written into its Secret, recorded there in the {@code keyward.dev/intent}
 * annotation so that a reconcile retried after a crash treats the replaced key as the write meant
 * to.
 */
public enum KeyIntent {
  /** The first key of a credential. */
  ISSUE,
  /** A scheduled or requested rotation: the replaced key keeps its grace period. */
  ROTATE,
  /** The Secret was deleted or its key edited: no earlier key verifies again. */
  REISSUE,
  /** The keyward.dev/revoke annotation: no earlier key verifies again. */
  REVOKE;

  /** The annotation value. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<KeyIntent> parse(String value) {
    return Arrays.stream(values()).filter(i -> i.value().equals(value)).findFirst();
  }
}
