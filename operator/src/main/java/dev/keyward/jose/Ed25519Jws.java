package dev.keyward.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * nimbus JWS verifier for {@code alg: EdDSA} with Ed25519, backed by BouncyCastle's Ed25519 (RFC
 * 8037: the JWS signature is the raw 64-byte Ed25519 signature). Keyward never signs with a
 * consumer's key, so there is no signer.
 */
public final class Ed25519Jws {

  private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

  /** Length of an Ed25519 signature (RFC 8032). */
  private static final int SIGNATURE_SIZE = 64;

  private Ed25519Jws() {}

  public static JWSVerifier verifier(Ed25519PublicKeyParameters key) {
    return new Verifier(key);
  }

  private static final class Verifier extends BaseJWSProvider implements JWSVerifier {
    private final Ed25519PublicKeyParameters key;

    Verifier(Ed25519PublicKeyParameters key) {
      super(EDDSA);
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        return false;
      }
      byte[] raw = signature.decode();
      if (raw.length != SIGNATURE_SIZE) {
        return false;
      }
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, key);
      verifier.update(signingInput, 0, signingInput.length);
      return verifier.verifySignature(raw);
    }
  }
}
