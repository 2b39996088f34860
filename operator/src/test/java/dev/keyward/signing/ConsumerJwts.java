package dev.keyward.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Signs JWTs the way a consumer would, from what its Secret holds, without Keyward's code: Ed25519
 * with the JDK's own provider (PKCS#8 PEM), ES256 and HS256 with nimbus.
 */
public final class ConsumerJwts {

  private ConsumerJwts() {}

  /** A compact JWS of {@code claims} signed with the Secret's data ({@code alg} as the header). */
  public static String sign(
      Map<String, String> secretData, String alg, String kid, JWTClaimsSet claims)
      throws Exception {
    JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.parse(alg));
    if (kid != null) {
      header.keyID(kid);
    }
    JWSHeader built = header.build();
    return switch (alg) {
      case "EdDSA" -> ed25519(secretData.get("privateKey"), built, claims);
      case "ES256" ->
          nimbus(
              new ECDSASigner((ECPrivateKey) pkcs8("EC", secretData.get("privateKey"))),
              built,
              claims);
      case "HS256" ->
          nimbus(
              new MACSigner(secretData.get("secret").getBytes(StandardCharsets.UTF_8)),
              built,
              claims);
      default -> throw new IllegalArgumentException(alg);
    };
  }

  static String nimbus(JWSSigner signer, JWSHeader header, JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  static String ed25519(String pem, JWSHeader header, JWTClaimsSet claims)
      throws GeneralSecurityException {
    String input =
        header.toBase64URL()
            + "."
            + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(pkcs8("Ed25519", pem));
    signature.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64URL.encode(signature.sign());
  }

  static PrivateKey pkcs8(String algorithm, String pem) throws GeneralSecurityException {
    String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }
}
