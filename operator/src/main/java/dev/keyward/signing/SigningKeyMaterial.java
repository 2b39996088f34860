package dev.keyward.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import dev.keyward.api.PublicJwk;
import dev.keyward.jose.Ed25519Jws;
import dev.keyward.jose.Es256Jws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The key material of one SigningCredential key: a key pair (PEM, PKCS#8 and X.509) or an HS256
 * shared secret, with its key id. {@link #toString()} never shows private material.
 */
public final class SigningKeyMaterial {

  public static final String KEY_DATA_KEY = "key";
  public static final String KID_DATA_KEY = "kid";
  public static final String ALGORITHM_DATA_KEY = "algorithm";
  public static final String PRIVATE_KEY_DATA_KEY = "privateKey";
  public static final String PUBLIC_KEY_DATA_KEY = "publicKey";
  public static final String SECRET_DATA_KEY = "secret";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SigningAlgorithm algorithm;
  private final String keyId;
  private final String privateKeyPem;
  private final String publicKeyPem;
  private final String hmacSecret;

  private SigningKeyMaterial(
      SigningAlgorithm algorithm,
      String keyId,
      String privateKeyPem,
      String publicKeyPem,
      String hmacSecret) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.privateKeyPem = privateKeyPem;
    this.publicKeyPem = publicKeyPem;
    this.hmacSecret = hmacSecret;
  }

  /** A new key of this algorithm, with a new random key id. */
  public static SigningKeyMaterial generate(SigningAlgorithm algorithm) {
    String kid = randomBase64Url(12);
    try {
      return switch (algorithm) {
        // The JDK's own generators: PKCS#8 v1 and X.509 encodings that every JOSE library reads.
        case EdDSA, ES256 -> {
          KeyPairGenerator generator =
              KeyPairGenerator.getInstance(algorithm == SigningAlgorithm.EdDSA ? "Ed25519" : "EC");
          if (algorithm == SigningAlgorithm.ES256) {
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
          }
          KeyPair pair = generator.generateKeyPair();
          yield new SigningKeyMaterial(
              algorithm,
              kid,
              Pem.encode(Pem.PRIVATE_KEY, pair.getPrivate().getEncoded()),
              Pem.encode(Pem.PUBLIC_KEY, pair.getPublic().getEncoded()),
              null);
        }
        // 256 random bits as text: Kong's jwt plugin uses the secret's bytes as the HMAC key.
        case HS256 -> new SigningKeyMaterial(algorithm, kid, null, null, randomBase64Url(32));
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
    }
  }

  /**
   * The material a Secret holds, read through {@code value} (data key to decoded value); empty when
   * anything is missing or does not parse.
   */
  public static Optional<SigningKeyMaterial> read(Function<String, Optional<String>> value) {
    Optional<SigningAlgorithm> algorithm =
        value.apply(ALGORITHM_DATA_KEY).flatMap(SigningAlgorithm::parse);
    Optional<String> kid = value.apply(KID_DATA_KEY).filter(k -> !k.isBlank());
    if (algorithm.isEmpty() || kid.isEmpty()) {
      return Optional.empty();
    }
    SigningKeyMaterial material;
    if (algorithm.get().asymmetric()) {
      Optional<String> privateKey = value.apply(PRIVATE_KEY_DATA_KEY);
      Optional<String> publicKey = value.apply(PUBLIC_KEY_DATA_KEY);
      if (privateKey.isEmpty() || publicKey.isEmpty()) {
        return Optional.empty();
      }
      material =
          new SigningKeyMaterial(
              algorithm.get(), kid.get(), privateKey.get(), publicKey.get(), null);
    } else {
      Optional<String> secret = value.apply(SECRET_DATA_KEY).filter(s -> s.length() >= 32);
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      material = new SigningKeyMaterial(algorithm.get(), kid.get(), null, null, secret.get());
    }
    try {
      material.verifier(material.publicJwk().orElse(null));
      return Optional.of(material);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  public String keyId() {
    return keyId;
  }

  /** The PEM public key; empty for HS256. */
  public Optional<String> publicKeyPem() {
    return Optional.ofNullable(publicKeyPem);
  }

  /** The HS256 shared secret; empty for key pairs. */
  public Optional<String> hmacSecret() {
    return Optional.ofNullable(hmacSecret);
  }

  /** What the recorded digest covers: every private value the Secret holds. */
  public String secretMaterial() {
    return algorithm.asymmetric() ? privateKeyPem + "\n" + publicKeyPem : hmacSecret;
  }

  /** The Secret's data: {@code key} (the JWT iss), kid, algorithm and the private material. */
  public Map<String, String> secretData(String key) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(KEY_DATA_KEY, key);
    data.put(KID_DATA_KEY, keyId);
    data.put(ALGORITHM_DATA_KEY, algorithm.name());
    if (algorithm.asymmetric()) {
      data.put(PRIVATE_KEY_DATA_KEY, privateKeyPem);
      data.put(PUBLIC_KEY_DATA_KEY, publicKeyPem);
    } else {
      data.put(SECRET_DATA_KEY, hmacSecret);
    }
    return data;
  }

  /** The public key as a JWK for status; empty for HS256. */
  public Optional<PublicJwk> publicJwk() {
    if (!algorithm.asymmetric()) {
      return Optional.empty();
    }
    byte[] der = Pem.decode(Pem.PUBLIC_KEY, publicKeyPem);
    PublicJwk jwk = new PublicJwk();
    jwk.setKid(keyId);
    jwk.setAlg(algorithm.jws().getName());
    jwk.setUse(KeyUse.SIGNATURE.identifier());
    try {
      if (algorithm == SigningAlgorithm.EdDSA) {
        AsymmetricKeyParameter parsed = PublicKeyFactory.createKey(der);
        if (!(parsed instanceof Ed25519PublicKeyParameters ed)) {
          throw new IllegalArgumentException("not an Ed25519 public key");
        }
        jwk.setKty("OKP");
        jwk.setCrv(Curve.Ed25519.getName());
        jwk.setX(Base64URL.encode(ed.getEncoded()).toString());
      } else {
        ECPublicKey ec =
            (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        ECKey key = new ECKey.Builder(Curve.P_256, ec).build();
        jwk.setKty("EC");
        jwk.setCrv(Curve.P_256.getName());
        jwk.setX(key.getX().toString());
        jwk.setY(key.getY().toString());
      }
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("the public key does not parse");
    }
    return Optional.of(jwk);
  }

  /**
   * A verifier pinned to {@code algorithm}: from the public JWK for key pairs, from the shared
   * secret for HS256.
   */
  public JWSVerifier verifier(PublicJwk jwk) {
    return verifierFor(algorithm, jwk, hmacSecret);
  }

  /** A verifier for a key pair's public JWK or an HS256 secret; IllegalArgumentException if bad. */
  public static JWSVerifier verifierFor(SigningAlgorithm algorithm, PublicJwk jwk, String secret) {
    try {
      return switch (algorithm) {
        case EdDSA -> {
          if (jwk == null || !"OKP".equals(jwk.getKty()) || !"Ed25519".equals(jwk.getCrv())) {
            throw new IllegalArgumentException("not an Ed25519 JWK");
          }
          yield Ed25519Jws.verifier(
              new Ed25519PublicKeyParameters(new Base64URL(jwk.getX()).decode()));
        }
        case ES256 -> {
          if (jwk == null || !"EC".equals(jwk.getKty()) || !"P-256".equals(jwk.getCrv())) {
            throw new IllegalArgumentException("not a P-256 JWK");
          }
          yield Es256Jws.verifier(
              new ECKey.Builder(Curve.P_256, new Base64URL(jwk.getX()), new Base64URL(jwk.getY()))
                  .build());
        }
        case HS256 -> {
          if (secret == null) {
            throw new IllegalArgumentException("no secret");
          }
          yield new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        }
      };
    } catch (JOSEException | RuntimeException e) {
      throw new IllegalArgumentException("the key does not make a verifier");
    }
  }

  /** The JWS algorithm the key is pinned to. */
  public JWSAlgorithm jwsAlgorithm() {
    return algorithm.jws();
  }

  private static String randomBase64Url(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64URL.encode(random).toString();
  }

  @Override
  public String toString() {
    return "SigningKeyMaterial[" + algorithm + ", kid=" + keyId + "]";
  }
}
