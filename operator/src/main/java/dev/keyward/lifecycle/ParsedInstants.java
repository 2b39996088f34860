package dev.keyward.lifecycle;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 3339 timestamps of the cached credentials (issuedAt, expiresAt, validUntil), parsed once and
 * remembered: verification compares them on every request, and parsing costs far more than a map
 * lookup. Bounded: past {@link #MAX_ENTRIES} the memory is dropped and refilled.
 */
final class ParsedInstants {

  static final int MAX_ENTRIES = 500_000;

  private static final Map<String, Instant> PARSED = new ConcurrentHashMap<>();

  private ParsedInstants() {}

  static Instant parse(String value) {
    Instant parsed = PARSED.get(value);
    if (parsed == null) {
      parsed = Instant.parse(value);
      if (PARSED.size() >= MAX_ENTRIES) {
        PARSED.clear();
      }
      PARSED.put(value, parsed);
    }
    return parsed;
  }
}
