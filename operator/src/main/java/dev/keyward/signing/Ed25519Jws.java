package dev.keyward.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * nimbus JWS signer and verifier for {@code alg: EdDSA} with Ed25519, backed by BouncyCastle's
 * Ed25519 (RFC 8037: the JWS signature is the raw 64-byte Ed25519 signature).
 */
public final class Ed25519Jws {

  private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

  private Ed25519Jws() {}

  public static JWSSigner signer(Ed25519PrivateKeyParameters key) {
    return new Signer(key);
  }

  public static JWSVerifier verifier(Ed25519PublicKeyParameters key) {
    return new Verifier(key);
  }

  private static final class Signer extends BaseJWSProvider implements JWSSigner {
    private final Ed25519PrivateKeyParameters key;

    Signer(Ed25519PrivateKeyParameters key) {
      super(EDDSA);
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        throw new JOSEException("only EdDSA is supported");
      }
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, key);
      signer.update(signingInput, 0, signingInput.length);
      return Base64URL.encode(signer.generateSignature());
    }
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
      if (raw.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
        return false;
      }
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, key);
      verifier.update(signingInput, 0, signingInput.length);
      return verifier.verifySignature(raw);
    }
  }
}
