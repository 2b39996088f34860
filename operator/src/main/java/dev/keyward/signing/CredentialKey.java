package dev.keyward.signing;

import com.nimbusds.jose.JWSVerifier;
import java.time.Duration;

/**
 * What the verifier knows about one usable SigningCredential: where it lives, whose it is, and the
 * key a signed JWT must verify with. No private material beyond what an HS256 verifier holds.
 */
public record CredentialKey(
    String namespace,
    String name,
    String key,
    SigningAlgorithm algorithm,
    String keyId,
    JWSVerifier verifier,
    Duration maxTokenLifetime,
    String ownerKind,
    String ownerName,
    String ownerUid,
    String clientId) {

  @Override
  public String toString() {
    return "CredentialKey[" + namespace + "/" + name + ", " + algorithm + ", kid=" + keyId + "]";
  }
}
