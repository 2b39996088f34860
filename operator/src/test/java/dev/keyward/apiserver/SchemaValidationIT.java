package dev.keyward.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.testing.Kubectl;
import dev.keyward.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD schemas and CEL rules, on a real kube-apiserver through the real kubectl: valid examples
 * are accepted, invalid manifests are refused with a message that names the problem.
 */
class SchemaValidationIT {

  private static String namespace;

  @BeforeAll
  static void createNamespace() {
    namespace = TestCluster.createNamespace("schema");
  }

  @AfterAll
  static void deleteNamespace() {
    TestCluster.deleteNamespace(namespace);
  }

  static Stream<Path> examples() throws IOException {
    return Files.list(TestCluster.repoRoot().resolve("examples"))
        .filter(p -> p.toString().endsWith(".yaml"))
        .sorted();
  }

  static Stream<Path> invalidManifests() throws IOException {
    return Files.list(Path.of("src/test/resources/invalid")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsAccepted(Path example) {
    Kubectl.Result result = Kubectl.run(null, "apply", "-n", namespace, "-f", example.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void invalidManifestIsRejectedWithAMessageNamingTheProblem(Path manifest) throws IOException {
    String yaml = Files.readString(manifest);
    String expected = yaml.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "");

    Kubectl.Result result = Kubectl.run(yaml, "apply", "-n", namespace, "-f", "-");

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.stderr()).contains(expected);
  }

  @Test
  void oneMegabyteDescriptionIsRejected() {
    String yaml =
        """
        apiVersion: keyward.dev/v1alpha1
        kind: ApiToken
        metadata: {name: huge-description}
        spec: {user: bob, description: "%s"}
        """
            .formatted("x".repeat(1024 * 1024));

    Kubectl.Result result = Kubectl.run(yaml, "apply", "-n", namespace, "-f", "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("spec.description: Too long: may not be more than 1024");
  }

  @Test
  void usernameCannotChangeOnUpdate() {
    String created =
        """
        apiVersion: keyward.dev/v1alpha1
        kind: ApiUser
        metadata: {name: carol}
        spec: {username: carol}
        """;
    assertThat(Kubectl.run(created, "apply", "-n", namespace, "-f", "-").exitCode()).isZero();

    Kubectl.Result changed =
        Kubectl.run(
            created.replace("username: carol", "username: caroline"),
            "apply",
            "-n",
            namespace,
            "-f",
            "-");

    assertThat(changed.exitCode()).isNotZero();
    assertThat(changed.stderr()).contains("username is immutable");
  }

  @Test
  void usernameCannotBeAddedLater() {
    String created =
        """
        apiVersion: keyward.dev/v1alpha1
        kind: ApiUser
        metadata: {name: dave}
        spec: {email: dave@example.com}
        """;
    assertThat(Kubectl.run(created, "apply", "-n", namespace, "-f", "-").exitCode()).isZero();

    Kubectl.Result changed =
        Kubectl.run(
            created.replace("spec: {", "spec: {username: david, "),
            "apply",
            "-n",
            namespace,
            "-f",
            "-");

    assertThat(changed.stderr()).contains("username is immutable");
  }

  @Test
  void explainDocumentsFields() {
    Kubectl.Result result = Kubectl.run(null, "explain", "apitoken.spec.rotation.gracePeriod");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.stdout())
        .contains("How long the previous key keeps verifying after a rotation");
  }

  @Test
  void explainDescribesEachKindAtTheRoot() {
    Kubectl.Result token = Kubectl.run(null, "explain", "apitoken");
    Kubectl.Result user = Kubectl.run(null, "explain", "apiuser");
    Kubectl.Result application =
        Kubectl.run(null, "explain", "application", "--api-version=keyward.dev/v1alpha1");

    assertThat(token.exitCode()).as(token.output()).isZero();
    assertThat(unwrapped(token))
        .contains(
            "DESCRIPTION: A personal API key owned by an ApiUser; the plaintext lives only in a"
                + " Secret.");
    assertThat(unwrapped(user))
        .contains(
            "DESCRIPTION: An API identity (KernelCI user, Sunbird consumer) that owns tokens.");
    assertThat(unwrapped(application))
        .contains("DESCRIPTION: A client application whose id and secret");
  }

  /** kubectl wraps long descriptions; compare the words. */
  private static String unwrapped(Kubectl.Result result) {
    return result.stdout().replaceAll("\\s+", " ");
  }

  @Test
  void keywardCategoryListsAllKinds() {
    String examples = TestCluster.repoRoot().resolve("examples").toString();
    assertThat(Kubectl.run(null, "apply", "-n", namespace, "-f", examples).exitCode()).isZero();

    Kubectl.Result result = Kubectl.run(null, "get", "keyward", "-n", namespace, "-o", "name");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(List.of(result.stdout().split("\n")))
        .anyMatch(l -> l.startsWith("apiuser.keyward.dev/"))
        .anyMatch(l -> l.startsWith("apitoken.keyward.dev/"))
        .anyMatch(l -> l.startsWith("application.keyward.dev/"));
  }
}
