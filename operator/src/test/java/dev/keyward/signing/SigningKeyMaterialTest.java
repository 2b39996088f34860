package dev.keyward.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.PublicJwk;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key material as a Secret holds it: standard encodings, read back whole or not at all. */
class SigningKeyMaterialTest {

  @Test
  void keyPairsAreStandardPemThatTheJdkReads() throws Exception {
    for (SigningAlgorithm algorithm :
        new SigningAlgorithm[] {SigningAlgorithm.EdDSA, SigningAlgorithm.ES256}) {
      SigningKeyMaterial material = SigningKeyMaterial.generate(algorithm);
      Map<String, String> data = material.secretData("key-1");
      String jdkName = algorithm == SigningAlgorithm.EdDSA ? "Ed25519" : "EC";

      assertThat(ConsumerJwts.pkcs8(jdkName, data.get("privateKey"))).isNotNull();
      // PrivateKeyInfo version 0 (RFC 5208), which every library reads, not RFC 5958 v2.
      byte[] der =
          Base64.getDecoder()
              .decode(
                  data.get("privateKey")
                      .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                      .replaceAll("\\s", ""));
      assertThat(new byte[] {der[2], der[3], der[4]}).containsExactly(0x02, 0x01, 0x00);
      String body =
          data.get("publicKey")
              .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      assertThat(
              KeyFactory.getInstance(jdkName)
                  .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body))))
          .isNotNull();
      assertThat(data)
          .containsEntry("key", "key-1")
          .containsEntry("algorithm", algorithm.name())
          .containsEntry("kid", material.keyId());
    }
  }

  @Test
  void thePublicJwkHoldsNoPrivateMember() {
    PublicJwk jwk = SigningKeyMaterial.generate(SigningAlgorithm.ES256).publicJwk().orElseThrow();
    assertThat(jwk.getKty()).isEqualTo("EC");
    assertThat(jwk.getX()).isNotBlank();
    assertThat(jwk.getY()).isNotBlank();
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(jwk))
        .doesNotContain("\"d\"");
    assertThat(SigningKeyMaterial.generate(SigningAlgorithm.HS256).publicJwk()).isEmpty();
  }

  @Test
  void materialReadBackFromSecretDataIsTheSameKey() {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      SigningKeyMaterial material = SigningKeyMaterial.generate(algorithm);
      Map<String, String> data = material.secretData("key-1");
      Optional<SigningKeyMaterial> read =
          SigningKeyMaterial.read(k -> Optional.ofNullable(data.get(k)));
      assertThat(read).isPresent();
      assertThat(read.get().keyId()).isEqualTo(material.keyId());
      assertThat(read.get().secretMaterial()).isEqualTo(material.secretMaterial());
    }
  }

  @Test
  void incompleteOrGarbledSecretDataIsNoKey() {
    Map<String, String> data =
        new HashMap<>(SigningKeyMaterial.generate(SigningAlgorithm.EdDSA).secretData("k"));
    data.put("publicKey", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertThat(SigningKeyMaterial.read(k -> Optional.ofNullable(data.get(k)))).isEmpty();
    data.remove("publicKey");
    assertThat(SigningKeyMaterial.read(k -> Optional.ofNullable(data.get(k)))).isEmpty();
    Map<String, String> shortSecret =
        new HashMap<>(SigningKeyMaterial.generate(SigningAlgorithm.HS256).secretData("k"));
    shortSecret.put("secret", "short");
    assertThat(SigningKeyMaterial.read(k -> Optional.ofNullable(shortSecret.get(k)))).isEmpty();
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    SigningKeyMaterial material = SigningKeyMaterial.generate(SigningAlgorithm.HS256);
    assertThat(material.toString()).doesNotContain(material.hmacSecret().orElseThrow());
  }
}
