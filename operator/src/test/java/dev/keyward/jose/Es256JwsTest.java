package dev.keyward.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ES256 on BouncyCastle against the JDK's ES256 (nimbus {@code ECDSASigner}/{@code ECDSAVerifier}):
 * each verifies what the other signs, RFC 6979's own test vector, and what the verifier refuses.
 */
class Es256JwsTest {

  private static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.ES256);

  /** The P-256 key of RFC 6979 appendix A.2.5. */
  private static final ECKey RFC6979_KEY =
      new ECKey.Builder(
              Curve.P_256,
              coordinate("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"),
              coordinate("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"))
          .d(coordinate("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"))
          .build();

  /** n, the order of P-256's base point. */
  private static final BigInteger ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private static ECKey key;
  private static JWSSigner signer;
  private static JWSVerifier verifier;
  private static ExecutorService threads;

  @BeforeAll
  static void keys() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    signer = Es256Jws.signer(key);
    verifier = Es256Jws.verifier(key.toPublicJWK());
    threads = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void aJwtSignedHereVerifiesWithTheJdk() throws Exception {
    SignedJWT jwt = jwt("app-1");
    jwt.sign(signer);

    SignedJWT parsed = SignedJWT.parse(jwt.serialize());
    assertThat(parsed.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
    assertThat(parsed.verify(verifier)).isTrue();
  }

  @Test
  void aJwtSignedByTheJdkVerifiesHere() throws Exception {
    SignedJWT jwt = jwt("app-1");
    jwt.sign(new ECDSASigner(key));

    assertThat(SignedJWT.parse(jwt.serialize()).verify(verifier)).isTrue();
  }

  @Test
  void signaturesAreRfc6979sDeterministicOnesInJoseForm() throws Exception {
    JWSSigner rfcSigner = Es256Jws.signer(RFC6979_KEY);
    byte[] sample = "sample".getBytes(StandardCharsets.US_ASCII);

    // RFC 6979 A.2.5, P-256 with SHA-256, message "sample": r then s.
    assertThat(HexFormat.of().withUpperCase().formatHex(rfcSigner.sign(HEADER, sample).decode()))
        .isEqualTo(
            "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    assertThat(rfcSigner.sign(HEADER, sample)).isEqualTo(rfcSigner.sign(HEADER, sample));
    assertThat(signer.sign(HEADER, sample)).isEqualTo(signer.sign(HEADER, sample));
    assertThat(signer.sign(HEADER, sample))
        .isNotEqualTo(signer.sign(HEADER, "samplf".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void rAndSWithLeadingZeroBytesArePaddedTo32BytesEach() throws Exception {
    // About one signature in 128 has r or s below 2^248; signatures are deterministic, so the
    // first such input for the fixed RFC 6979 key is always the same.
    JWSSigner rfcSigner = Es256Jws.signer(RFC6979_KEY);
    ECDSAVerifier jdk = new ECDSAVerifier(RFC6979_KEY.toPublicJWK());
    for (int i = 0; ; i++) {
      byte[] input = ("input-" + i).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = rfcSigner.sign(HEADER, input).decode();
      assertThat(signature).hasSize(64);
      if (signature[0] == 0 || signature[32] == 0) {
        assertThat(jdk.verify(HEADER, input, Base64URL.encode(signature))).isTrue();
        return;
      }
    }
  }

  @Test
  void aTamperedPayloadOrSignatureIsRefused() throws Exception {
    SignedJWT jwt = jwt("app-1");
    jwt.sign(signer);
    String[] parts = jwt.serialize().split("\\.");
    String widened = jwt("admin").getPayload().toBase64URL().toString();
    byte[] flipped = jwt.getSignature().decode();
    flipped[40] ^= 1;

    assertThat(SignedJWT.parse(parts[0] + "." + widened + "." + parts[2]).verify(verifier))
        .isFalse();
    assertThat(
            SignedJWT.parse(parts[0] + "." + parts[1] + "." + Base64URL.encode(flipped))
                .verify(verifier))
        .isFalse();
  }

  @Test
  void aSignatureByAnotherKeyIsRefused() throws Exception {
    SignedJWT jwt = jwt("app-1");
    jwt.sign(Es256Jws.signer(new ECKeyGenerator(Curve.P_256).keyID("k1").generate()));

    assertThat(SignedJWT.parse(jwt.serialize()).verify(verifier)).isFalse();
  }

  @Test
  void aSignatureThatIsNotExactly64BytesIsRefused() throws Exception {
    byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = signer.sign(HEADER, input).decode();
    assertThat(verifier.verify(HEADER, input, Base64URL.encode(signature))).isTrue();

    byte[] trailing = Arrays.copyOf(signature, 65);
    assertThat(verifier.verify(HEADER, input, Base64URL.encode(trailing))).isFalse();
    assertThat(verifier.verify(HEADER, input, Base64URL.encode(Arrays.copyOf(signature, 63))))
        .isFalse();
    assertThat(verifier.verify(HEADER, input, Base64URL.encode(new byte[0]))).isFalse();
  }

  @Test
  void rOrSOutsideOneToNMinusOneIsRefused() throws Exception {
    byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = signer.sign(HEADER, input).decode();
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] order = unsigned32(ORDER);

    assertThat(verifier.verify(HEADER, input, Base64URL.encode(new byte[64])))
        .as("r = s = 0")
        .isFalse();
    assertThat(verifier.verify(HEADER, input, Base64URL.encode(concat(order, s))))
        .as("r = n")
        .isFalse();
    assertThat(verifier.verify(HEADER, input, Base64URL.encode(concat(r, order))))
        .as("s = n")
        .isFalse();
  }

  @Test
  void onlyEs256IsSignedOrAccepted() throws Exception {
    byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
    Base64URL signature = signer.sign(HEADER, input);

    assertThatThrownBy(() -> signer.sign(new JWSHeader(JWSAlgorithm.ES384), input))
        .isInstanceOf(JOSEException.class);
    assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES256K), input, signature)).isFalse();
    JWSHeader critical =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .criticalParams(Set.of("kw-ext"))
            .customParam("kw-ext", 1)
            .build();
    assertThat(verifier.verify(critical, input, signature)).isFalse();
    assertThatThrownBy(() -> Es256Jws.signer(key.toPublicJWK()))
        .as("no private value")
        .isInstanceOf(IllegalArgumentException.class);
    ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
    assertThatThrownBy(() -> Es256Jws.signer(p384)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Es256Jws.verifier(p384)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneSignerServesManyThreadsAtOnce() throws Exception {
    List<Future<List<byte[]>>> results = new ArrayList<>();
    for (int thread = 0; thread < 4; thread++) {
      int t = thread;
      results.add(
          threads.submit(
              () -> {
                List<byte[]> signatures = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                  signatures.add(signer.sign(HEADER, input(t, i)).decode());
                }
                return signatures;
              }));
    }
    ECDSAVerifier jdk = new ECDSAVerifier(key.toPublicJWK());
    for (int t = 0; t < results.size(); t++) {
      List<byte[]> signatures = results.get(t).get();
      for (int i = 0; i < signatures.size(); i++) {
        Base64URL signature = Base64URL.encode(signatures.get(i));
        assertThat(jdk.verify(HEADER, input(t, i), signature)).as("thread %d, #%d", t, i).isTrue();
        // Deterministic: the same as signing it alone.
        assertThat(signature).isEqualTo(signer.sign(HEADER, input(t, i)));
      }
    }
  }

  private static byte[] input(int thread, int i) {
    return ("thread-" + thread + "." + i).getBytes(StandardCharsets.US_ASCII);
  }

  private static SignedJWT jwt(String subject) {
    return new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
        new JWTClaimsSet.Builder().subject(subject).claim("scope", "jobs.read").build());
  }

  private static Base64URL coordinate(String hex) {
    return Base64URL.encode(HexFormat.of().parseHex(hex));
  }

  private static byte[] unsigned32(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
