package dev.keyward.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * nimbus JWS signer and verifier for {@code alg: ES256} (ECDSA on P-256 with SHA-256), backed by
 * BouncyCastle's lightweight ECDSA on its optimised P-256 field arithmetic. Signatures use
 * deterministic nonces (RFC 6979), so no random source is needed per signature and the same input
 * always gives the same signature. The JWS signature is the JOSE form (RFC 7518 §3.4): r and s as
 * 32-byte big-endian integers, concatenated.
 *
 * <p>Both are built once per key and are thread-safe: the domain parameters and key parameters are
 * immutable and shared (BouncyCastle caches its precomputed multiples on the curve points), and
 * each call uses its own BouncyCastle signer.
 */
public final class Es256Jws {

  private static final Set<JWSAlgorithm> ES256 = Set.of(JWSAlgorithm.ES256);

  private static final ECDomainParameters P256 = domain(CustomNamedCurves.getByName("P-256"));

  /** Bytes of r and of s in the JOSE form. */
  private static final int COORDINATE_SIZE = 32;

  private static final int SIGNATURE_SIZE = 2 * COORDINATE_SIZE;

  private Es256Jws() {}

  /** A signer with the key's private value; IllegalArgumentException unless a P-256 private key. */
  public static JWSSigner signer(ECKey key) {
    if (!Curve.P_256.equals(key.getCurve()) || key.getD() == null) {
      throw new IllegalArgumentException("not a P-256 private key");
    }
    BigInteger d = key.getD().decodeToBigInteger();
    if (d.signum() <= 0 || d.compareTo(P256.getN()) >= 0) {
      throw new IllegalArgumentException("not a P-256 private key");
    }
    return new Signer(new ECPrivateKeyParameters(d, P256));
  }

  /** A verifier with the key's public point; IllegalArgumentException unless a P-256 point. */
  public static JWSVerifier verifier(ECKey key) {
    if (!Curve.P_256.equals(key.getCurve())) {
      throw new IllegalArgumentException("not a P-256 public key");
    }
    // validatePoint refuses coordinates outside the field and points off the curve.
    return new Verifier(
        new ECPublicKeyParameters(
            P256.getCurve()
                .validatePoint(key.getX().decodeToBigInteger(), key.getY().decodeToBigInteger()),
            P256));
  }

  private static final class Signer extends BaseJWSProvider implements JWSSigner {
    private final ECPrivateKeyParameters key;

    Signer(ECPrivateKeyParameters key) {
      super(ES256);
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
        throw new JOSEException("only ES256 is supported, not " + header.getAlgorithm());
      }
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, key);
      BigInteger[] rs = signer.generateSignature(sha256(signingInput));
      byte[] signature = new byte[SIGNATURE_SIZE];
      BigIntegers.asUnsignedByteArray(rs[0], signature, 0, COORDINATE_SIZE);
      BigIntegers.asUnsignedByteArray(rs[1], signature, COORDINATE_SIZE, COORDINATE_SIZE);
      return Base64URL.encode(signature);
    }
  }

  private static final class Verifier extends BaseJWSProvider implements JWSVerifier {
    private final ECPublicKeyParameters key;

    Verifier(ECPublicKeyParameters key) {
      super(ES256);
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
      // As nimbus's own verifiers: no critical header extension is understood.
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
        return false;
      }
      byte[] raw = signature.decode();
      if (raw.length != SIGNATURE_SIZE) {
        return false;
      }
      BigInteger r = new BigInteger(1, raw, 0, COORDINATE_SIZE);
      BigInteger s = new BigInteger(1, raw, COORDINATE_SIZE, COORDINATE_SIZE);
      if (!inRange(r) || !inRange(s)) {
        return false;
      }
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, key);
      return verifier.verifySignature(sha256(signingInput), r, s);
    }

    /** In [1, n-1]: r = s = 0 would verify against any message (CVE-2022-21449). */
    private static boolean inRange(BigInteger value) {
      return value.signum() > 0 && value.compareTo(P256.getN()) < 0;
    }
  }

  private static byte[] sha256(byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    return hash;
  }

  private static ECDomainParameters domain(X9ECParameters curve) {
    return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
  }
}
