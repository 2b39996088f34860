package dev.keyward.usage;

import java.time.Instant;

/** A credential was accepted at {@code at} from {@code client}. */
public record LastUse(String namespace, String name, Instant at, String client) {

  String key() {
    return namespace + "/" + name;
  }

  LastUse laterOf(LastUse other) {
    return other.at.isAfter(at) ? other : this;
  }
}
