package dev.keyward.signing;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Optional;

/** The algorithms a SigningCredential can be pinned to. */
public enum SigningAlgorithm {
  /** Ed25519 key pair (the default). */
  EdDSA(JWSAlgorithm.EdDSA, true),
  /** NIST P-256 key pair. */
  ES256(JWSAlgorithm.ES256, true),
  /** Shared secret, for Kong's jwt plugin: the verifier holds the secret too. */
  HS256(JWSAlgorithm.HS256, false);

  private final JWSAlgorithm jws;
  private final boolean asymmetric;

  SigningAlgorithm(JWSAlgorithm jws, boolean asymmetric) {
    this.jws = jws;
    this.asymmetric = asymmetric;
  }

  public JWSAlgorithm jws() {
    return jws;
  }

  public boolean asymmetric() {
    return asymmetric;
  }

  public static Optional<SigningAlgorithm> parse(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.name().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
