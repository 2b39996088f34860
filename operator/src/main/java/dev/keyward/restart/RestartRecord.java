package dev.keyward.restart;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code keyward.dev/restarted-for} annotation of a workload: for each Secret, the start of the
 * digest of the key the workload was last restarted for. A restart is due only for a digest not
 * recorded yet, so that operator restarts, resyncs and repeated reconciles never restart twice.
 */
public final class RestartRecord {

  /** Enough of the SHA-256 digest to tell keys apart; the digest is public in the status. */
  static final int DIGEST_CHARS = 12;

  private final Map<String, String> digests;

  private RestartRecord(Map<String, String> digests) {
    this.digests = digests;
  }

  public static RestartRecord parse(String annotation) {
    Map<String, String> digests = new TreeMap<>();
    if (annotation != null) {
      for (String entry : annotation.split(",")) {
        int eq = entry.indexOf('=');
        if (eq > 0 && eq < entry.length() - 1) {
          digests.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
      }
    }
    return new RestartRecord(digests);
  }

  public static String shortDigest(String digest) {
    return digest.length() <= DIGEST_CHARS ? digest : digest.substring(0, DIGEST_CHARS);
  }

  /** Whether the workload was already restarted for this key of the Secret. */
  public boolean covers(String secret, String digest) {
    return shortDigest(digest).equals(digests.get(secret));
  }

  /** This record with the Secret's entry set to the key. */
  public RestartRecord with(String secret, String digest) {
    Map<String, String> next = new TreeMap<>(digests);
    next.put(secret, shortDigest(digest));
    return new RestartRecord(next);
  }

  public String format() {
    return digests.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
