package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.awaitUserPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.SigningCredential;
import dev.keyward.credential.KeyFormat;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.Kubectl;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plaintext lives only in Secrets: after a full lifecycle (issue, rotation, reissue, disable), no
 * generated key or password appears in any resource's status, in any event, in kubectl's view of
 * the resources, or in the operator's log.
 */
class NoPlaintextLeakIT {

  private final KubernetesClient client = TestCluster.client();

  @Test
  void noGeneratedKeyOrPasswordAppearsOutsideItsSecret() throws Exception {
    String ns = TestCluster.createNamespace("leak");
    // Password records (Argon2id hashes) are kept in the operator's namespace, not the user's.
    String keywardNs = TestCluster.createNamespace("keyward-system");
    List<String> secrets = new ArrayList<>();
    try (KeywardOperator operator = TestOperator.startIn(keywardNs)) {
      String examples = TestCluster.repoRoot().resolve("examples").toString();
      assertThat(Kubectl.run(null, "apply", "-n", ns, "-f", examples).exitCode()).isZero();
      awaitUserPhase(ns, "ada", "Active");
      for (String token : List.of("ada-admin", "bob-ci", "bob-deployer")) {
        awaitTokenPhase(ns, token, "Active");
      }
      // Consumer signing credentials: private keys and the HS256 secret with its copy.
      for (String credential : List.of("content-portal-signing", "content-portal-kong")) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  SigningCredential c =
                      client
                          .resources(SigningCredential.class)
                          .inNamespace(ns)
                          .withName(credential)
                          .get();
                  return c.getStatus() != null && "Active".equals(c.getStatus().getPhase());
                });
      }
      Resources.annotate(
          client,
          SigningCredential.class,
          ns,
          "content-portal-signing",
          "keyward.dev/rotate",
          "now");
      secrets.addAll(values(ns));
      await().atMost(Duration.ofSeconds(10)).until(() -> !secrets.containsAll(values(ns)));
      secrets.addAll(values(ns));

      Resources.annotate(client, ApiToken.class, ns, "bob-deployer", "keyward.dev/rotate", "now");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !secrets.contains(secretValue(ns, "deployer-api-key", "api-key")));
      client.secrets().inNamespace(ns).withName("bob-ci").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.secrets().inNamespace(ns).withName("bob-ci").get() != null);
      apply(
          ns,
          tokenYaml(
              "ada-admin", "ada", "enabled: false\n  scopes: [admin, users.read, users.write]"));
      awaitTokenPhase(ns, "ada-admin", "Disabled");
      secrets.addAll(values(ns));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> values(keywardNs).stream().anyMatch(v -> v.startsWith("$argon2id$")));
      secrets.addAll(values(keywardNs));
    }
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(6);
    assertThat(values(ns)).noneMatch(v -> v.startsWith("$argon2id$"));

    StringBuilder visible = new StringBuilder();
    visible.append(Serialization.asJson(client.resources(ApiToken.class).inNamespace(ns).list()));
    visible.append(Serialization.asJson(client.resources(ApiUser.class).inNamespace(ns).list()));
    visible.append(
        Serialization.asJson(client.resources(SigningCredential.class).inNamespace(ns).list()));
    visible.append(Serialization.asJson(client.v1().events().inNamespace(ns).list()));
    visible.append(Serialization.asJson(client.v1().events().inNamespace(keywardNs).list()));
    visible.append(
        Kubectl.run(null, "describe", "apitokens,apiusers,signingcredentials", "-n", ns).output());
    visible.append(Kubectl.run(null, "get", "keyward", "-n", ns, "-o", "wide").output());
    String log = Files.readString(Path.of("target/test-operator.log"), StandardCharsets.UTF_8);
    assertThat(client.v1().events().inNamespace(ns).list().getItems()).isNotEmpty();
    assertThat(log).as("the log was captured").contains("Keyward operator started");

    for (String secret : secrets) {
      // Keys lose their public prefix; a password is searched whole (it may contain '_' too).
      String randomPart =
          KeyFormat.hasValidChecksum(secret) ? secret.substring(secret.indexOf('_') + 1) : secret;
      assertThat(visible.toString())
          .as("resources, events and kubectl output")
          .doesNotContain(randomPart);
      assertThat(log).as("operator log").doesNotContain(randomPart);
    }
  }

  private List<String> values(String ns) {
    List<String> values = new ArrayList<>();
    for (Secret secret :
        client
            .secrets()
            .inNamespace(ns)
            .withLabel("app.kubernetes.io/managed-by", "keyward")
            .list()
            .getItems()) {
      secret
          .getData()
          .forEach(
              (k, v) -> {
                // Usernames, app ids, token endpoints, signing keys' iss, kid, algorithm and
                // public keys are identifiers or public, not secrets.
                if (!List.of(
                        "username",
                        "appId",
                        "tokenEndpoint",
                        "key",
                        "kid",
                        "algorithm",
                        "publicKey")
                    .contains(k)) {
                  String value = new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
                  // A PEM private key is searched by its base64 body, without the armour lines.
                  values.add(
                      value.startsWith("-----BEGIN")
                          ? value
                              .lines()
                              .filter(l -> !l.startsWith("-----"))
                              .collect(java.util.stream.Collectors.joining())
                          : value);
                }
              });
    }
    return values;
  }
}
