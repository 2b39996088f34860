package dev.keyward.cache;

import dev.keyward.api.ApiToken;
import java.util.ArrayList;
import java.util.List;

/** The key digests a token holds: its current key's and those of its previous keys. */
public final class TokenDigests {

  private TokenDigests() {}

  public static List<String> of(ApiToken token) {
    List<String> digests = new ArrayList<>();
    if (token.getStatus() != null) {
      if (token.getStatus().getKey() != null) {
        digests.add(token.getStatus().getKey().getDigest());
      }
      token.getStatus().getPreviousKeys().forEach(k -> digests.add(k.getDigest()));
    }
    return digests;
  }
}
