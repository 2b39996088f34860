package dev.keyward.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The serving certificates of one local cluster, under a CA of its own made at every start (EC
 * P-256, quick to make): the API server's, which names every address it is reached at (loopback,
 * the advertise address that the {@code kubernetes} Service points at, the Service's ClusterIP and
 * its DNS names), and the kubelet's, for the node address. kube-api-test's own serving certificate
 * names only {@code 127.0.0.1} and is its own issuer, so pods could not verify the API server at
 * the ClusterIP their in-cluster configuration uses. The API server's certificate is for
 * kube-api-test's RSA key (no key to make at every start, and clients with few cipher suites, such
 * as busybox's wget, only speak RSA); the client certificates (a {@code system:masters} user) stay
 * kube-api-test's. The CA's key never leaves this object.
 */
final class ClusterCertificates {

  static final List<String> API_SERVER_NAMES =
      List.of(
          "localhost",
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.cluster.local");

  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final KeyPair caKey;
  private final X509Certificate ca;

  private ClusterCertificates(Path dir, KeyPair caKey, X509Certificate ca) {
    this.dir = dir;
    this.caKey = caKey;
    this.ca = ca;
  }

  /**
   * A new CA, written to {@code dir/ca.crt}, and the API server's certificate ({@code
   * apiserver.crt}) for those IPs and {@code apiServerKey} (a PEM file).
   */
  static ClusterCertificates create(Path dir, List<String> apiServerIps, Path apiServerKey) {
    try {
      Files.createDirectories(dir);
      KeyPair caKey = newKey();
      X500Name name = new X500Name("CN=keyward-local-ca");
      X509v3CertificateBuilder builder = builder(name, name, caKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate ca = sign(builder, caKey);
      writePem(dir.resolve("ca.crt"), ca);
      ClusterCertificates certificates = new ClusterCertificates(dir, caKey, ca);
      writePem(
          certificates.certificate("apiserver"),
          certificates.sign(
              "kube-apiserver", apiServerIps, API_SERVER_NAMES, readKeyPair(apiServerKey)));
      return certificates;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  Path certificate(String name) {
    return dir.resolve(name + ".crt");
  }

  Path key(String name) {
    return dir.resolve(name + ".key");
  }

  /**
   * A serving certificate signed by the CA, written to {@code <name>.crt} and {@code <name>.key} in
   * this object's directory.
   */
  void issue(String name, String commonName, List<String> ips, List<String> dnsNames) {
    try {
      KeyPair key = newKey();
      writePem(certificate(name), sign(commonName, ips, dnsNames, key));
      // PKCS #8: the EC key's curve is in its algorithm identifier (Go cannot read the SEC 1 form
      // BouncyCastle would write from a JDK key, which lacks the curve).
      Files.writeString(
          key(name),
          "-----BEGIN PRIVATE KEY-----\n"
              + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(key.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private X509Certificate sign(
      String commonName, List<String> ips, List<String> dnsNames, KeyPair key) {
    try {
      X509v3CertificateBuilder builder =
          builder(
              X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
              new X500Name("CN=" + commonName),
              key);
      List<GeneralName> names = new ArrayList<>();
      ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      return sign(builder, caKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair readKeyPair(Path pem) throws IOException {
    try (org.bouncycastle.openssl.PEMParser parser =
        new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(pem))) {
      Object read = parser.readObject();
      if (read instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getKeyPair(pair);
      }
      throw new IllegalStateException("not a key pair in " + pem + ": " + read);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        key.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a certificate of the local cluster", e);
    }
  }

  private static KeyPair newKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key pair generator", e);
    }
  }

  private static void writePem(Path file, Object object) throws IOException {
    try (Writer out = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(object);
    }
  }
}
