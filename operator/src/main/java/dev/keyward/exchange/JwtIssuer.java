package dev.keyward.exchange;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyward.jose.Es256Jws;

/**
 * Signs JWTs with the current signing key (ES256, with its {@code kid}), for access tokens and for
 * any other token Keyward hands out. Callers supply the claims; the issuer adds nothing but the
 * header. Signatures come from {@link Es256Jws} (BouncyCastle, RFC 6979 nonces), not the JDK.
 */
public final class JwtIssuer {

  /** RFC 9068 media type of JWT access tokens. */
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  private final SigningKeys keys;
  private final String issuer;

  /** The signer of the current key, kept until the key changes: building one costs a key parse. */
  private volatile KeySigner current;

  private record KeySigner(ECKey key, JWSSigner signer) {}

  public JwtIssuer(SigningKeys keys, String issuer) {
    this.keys = keys;
    this.issuer = issuer;
  }

  /** The {@code iss} value tokens from this installation carry. */
  public String issuer() {
    return issuer;
  }

  /** Signs the claims with header {@code typ}; returns the compact serialization. */
  public String sign(JWTClaimsSet claims, JOSEObjectType type) {
    ECKey key = keys.signer();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(key.getKeyID()).build(),
            claims);
    try {
      jwt.sign(signerFor(key));
    } catch (JOSEException | IllegalArgumentException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }

  private JWSSigner signerFor(ECKey key) {
    KeySigner cached = current;
    if (cached != null && cached.key().equals(key)) {
      return cached.signer();
    }
    // Thread-safe: one per key serves every request.
    JWSSigner signer = Es256Jws.signer(key);
    current = new KeySigner(key, signer);
    return signer;
  }
}
