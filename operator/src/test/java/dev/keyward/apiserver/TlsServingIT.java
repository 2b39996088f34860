package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.http.TlsFiles;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.ServerSettings;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API served over TLS from a certificate in a {@code kubernetes.io/tls} Secret (as
 * cert-manager writes it: {@code tls.crt}, {@code tls.key} with a PKCS#1 RSA key), mounted as
 * files; the client trusts only the test CA and checks the chain and the host name.
 */
class TlsServingIT {

  private static final String PUBLIC_URL = "https://localhost";

  private static KeywardOperator operator;
  private static X509Certificate ca;
  private static VerificationServer server;
  private static String key;

  @BeforeAll
  static void start(@TempDir Path mount) throws Exception {
    String ns = TestCluster.createNamespace("tls");
    KeyPair caKeys = rsa();
    ca = certificate("CN=Keyward Test CA", caKeys, "CN=Keyward Test CA", caKeys, true);
    KeyPair leafKeys = rsa();
    X509Certificate leaf =
        certificate("CN=localhost", leafKeys, "CN=Keyward Test CA", caKeys, false);
    TestCluster.client()
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("keyward-tls")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withStringData(
                    Map.of(
                        "tls.crt",
                        pem(leaf),
                        "tls.key",
                        pem(leafKeys.getPrivate()),
                        "ca.crt",
                        pem(ca)))
                .build())
        .create();
    // What the kubelet mounts: the Secret's keys as files.
    Secret stored = TestCluster.client().secrets().inNamespace(ns).withName("keyward-tls").get();
    for (String file : new String[] {"tls.crt", "tls.key"}) {
      Files.write(mount.resolve(file), Base64.getDecoder().decode(stored.getData().get(file)));
    }

    operator = TestOperator.start();
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            ServerSettings.defaults(
                    0,
                    ExchangeSettings.defaults(PUBLIC_URL, ns, TestOperator.exampleRoleMapSource()))
                .withTls(
                    Optional.of(new TlsFiles(mount.resolve("tls.crt"), mount.resolve("tls.key")))));
    apply(ns, userYaml("tess", "roles: [runner]"));
    apply(ns, tokenYaml("tess-ci", "tess", "scopes: [runners.read]"));
    awaitTokenPhase(ns, "tess-ci", "Active");
    key = secretValue(ns, "tess-ci", "token");
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  @Test
  void aClientThatTrustsOnlyTheCaVerifiesTheChainAndGetsItsAnswer() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/auth"))
            .header("X-API-Key", key)
            .build();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> client.send(request, HttpResponse.BodyHandlers.ofString()),
            r -> r.statusCode() == 200);
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Keyward-User")).contains("tess");
    assertThat(response.sslSession()).isPresent();
  }

  @Test
  void theJwksIsServedOverHttpsUnderTheHttpsIssuer() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    HttpResponse<String> metadata =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "https://localhost:"
                            + server.port()
                            + "/.well-known/oauth-authorization-server"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body()).contains("\"issuer\":\"" + PUBLIC_URL + "\"");
  }

  @Test
  void aClientThatDoesNotTrustTheCaRefusesTheServer() {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/auth")).build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefused() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    // The certificate names localhost and 127.0.0.1 only.
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.2:" + server.port() + "/auth")).build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void plainHttpIsNotServedOnTheTlsPort() {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/auth"))
            .header("X-API-Key", key)
            .timeout(Duration.ofSeconds(10))
            .build();

    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isNotEqualTo(200);
    } catch (IOException | InterruptedException refused) {
      // the TLS server closed the connection: nothing was served in clear
    }
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestart(@TempDir Path mount) throws Exception {
    KeyPair firstCaKeys = rsa();
    X509Certificate firstCa =
        certificate("CN=First CA", firstCaKeys, "CN=First CA", firstCaKeys, true);
    KeyPair renewedCaKeys = rsa();
    X509Certificate renewedCa =
        certificate("CN=Renewed CA", renewedCaKeys, "CN=Renewed CA", renewedCaKeys, true);
    mountLeaf(mount, "CN=First CA", firstCaKeys);
    try (VerificationServer renewing =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            ServerSettings.defaults(
                    0,
                    ExchangeSettings.defaults(
                        PUBLIC_URL,
                        TestCluster.createNamespace("tls-renew"),
                        TestOperator.exampleRoleMapSource()))
                .withTls(
                    Optional.of(
                        new TlsFiles(
                            mount.resolve("tls.crt"),
                            mount.resolve("tls.key"),
                            Duration.ofSeconds(1)))))) {
      HttpRequest jwks =
          HttpRequest.newBuilder(
                  URI.create("https://localhost:" + renewing.port() + "/.well-known/jwks.json"))
              .build();
      HttpClient trustsFirst = HttpClient.newBuilder().sslContext(trusting(firstCa)).build();
      HttpClient trustsRenewed = HttpClient.newBuilder().sslContext(trusting(renewedCa)).build();
      assertThat(trustsFirst.send(jwks, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);

      // The renewal replaces both files, as the kubelet does when the Secret changes.
      mountLeaf(mount, "CN=Renewed CA", renewedCaKeys);

      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  HttpClient.newBuilder()
                      .sslContext(trusting(renewedCa))
                      .build()
                      .send(jwks, HttpResponse.BodyHandlers.ofString())
                      .statusCode(),
              status -> status == 200);
      assertThat(trustsRenewed.send(jwks, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      assertThatThrownBy(
              () ->
                  HttpClient.newBuilder()
                      .sslContext(trusting(firstCa))
                      .build()
                      .send(jwks, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  /** Writes a new localhost certificate issued by the CA, and its key, over the mounted files. */
  private static void mountLeaf(Path mount, String issuer, KeyPair issuerKeys) throws Exception {
    KeyPair leafKeys = rsa();
    X509Certificate leaf = certificate("CN=localhost", leafKeys, issuer, issuerKeys, false);
    Path crt = Files.writeString(mount.resolve("tls.crt.new"), pem(leaf));
    Path key = Files.writeString(mount.resolve("tls.key.new"), pem(leafKeys.getPrivate()));
    Files.move(key, mount.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.move(crt, mount.resolve("tls.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static SSLContext trusting(X509Certificate root) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", root);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(
      String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean isCa)
      throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(isCa ? 0 : 1)),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(1))),
            new X500Name(subject),
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
