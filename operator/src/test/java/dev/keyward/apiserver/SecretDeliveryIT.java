package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.secret;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.AccessGrantSource;
import dev.keyward.api.AccessGrantSpec;
import dev.keyward.api.ApiToken;
import dev.keyward.api.Application;
import dev.keyward.api.Condition;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.rbac.BindingLimits;
import dev.keyward.testing.Applications;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Resources;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery of a credential's Secret into other namespaces (spec.secret.deliverTo): only where an
 * AccessGrant of kind Secret consents, following every rotation, removed when the consent, the
 * request or the source goes, never over a Secret that is not its own copy; and a tenant holding
 * only edit in its namespace gets nothing into another one without that namespace's grant.
 */
class SecretDeliveryIT {

  private static KeywardOperator operator;
  private final KubernetesClient admin = TestCluster.client();
  private String source;
  private String target;

  @BeforeAll
  static void startOperator() {
    Applications.ensureProjectClusterRoles();
    String operatorNamespace = TestCluster.createNamespace("keyward-system");
    // The chart's aggregated roles (so edit covers Keyward's kinds), without its admission policy:
    // the operator's own checks are what is tested here.
    ChartInstall.apply(
        HelmChart.renderObjects(
            "delivery-keyward", operatorNamespace, Map.of("admission.enabled", false)));
    TestCluster.client()
        .resources(ValidatingAdmissionPolicyBinding.class)
        .withLabel("app.kubernetes.io/name", "keyward")
        .delete();
    operator =
        TestOperator.start(
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource())
                .withBindingLimits(
                    new BindingLimits(
                        operatorNamespace, BindingLimits.DEFAULT_DENIED, Duration.ofSeconds(1))));
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @BeforeEach
  void namespaces() {
    source = TestCluster.createNamespace("delivery-source");
    target = TestCluster.createNamespace("delivery-target");
    apply(source, userYaml("svc", "roles: [runner]"));
  }

  private static String delivering(String... namespaces) {
    return "rotation:\n    gracePeriod: 1h\n  secret:\n    deliverTo: ["
        + String.join(", ", namespaces)
        + "]";
  }

  /** An AccessGrant in {@code in} admitting the Secret of {@code from}'s ApiToken {@code token}. */
  private AccessGrant secretGrant(String in, String name, String from, String token) {
    AccessGrant grant = new AccessGrant();
    grant.getMetadata().setName(name);
    grant.getMetadata().setNamespace(in);
    AccessGrantSpec spec = new AccessGrantSpec();
    AccessGrantSource admitted = new AccessGrantSource(from, null);
    admitted.setApiToken(token);
    spec.setFrom(List.of(admitted));
    spec.setRoles(null);
    spec.setKinds(List.of(AccessGrantSpec.SECRET));
    grant.setSpec(spec);
    return admin.resource(grant).create();
  }

  private Condition delivered(String ns, String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ApiToken token = token(ns, name);
              assertThat(token.getStatus()).isNotNull();
              assertThat(condition(token.getStatus(), "SecretDelivered"))
                  .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo(reason));
            });
    return condition(token(ns, name).getStatus(), "SecretDelivered").orElseThrow();
  }

  private void awaitCopyHolds(String ns, String name, String value) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> secret(ns, name) != null && value.equals(secretValue(ns, name, "token")));
  }

  private void awaitNoCopy(String ns, String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> secret(ns, name) == null);
  }

  private List<String> eventReasons(String ns) {
    return admin.v1().events().inNamespace(ns).list().getItems().stream()
        .map(e -> e.getReason())
        .toList();
  }

  @Test
  void deliveryIntoAConsentingNamespaceFollowsEveryRotation() throws IOException {
    secretGrant(target, "ci-token", source, "ci");
    apply(source, tokenYaml("ci", "svc", delivering(target)));
    awaitTokenPhase(source, "ci", "Active");
    String first = secretValue(source, "ci", "token");

    awaitCopyHolds(target, "ci", first);
    Secret copy = secret(target, "ci");
    assertThat(copy.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(copy.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "keyward")
        .containsEntry("keyward.dev/delivered-from-namespace", source)
        .containsEntry("keyward.dev/delivered-from-name", "ci")
        .containsEntry(
            "keyward.dev/delivered-from-uid", token(source, "ci").getMetadata().getUid());
    Condition condition = delivered(source, "ci", "SecretDelivered");
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getMessage()).contains("delivered to " + target);
    assertThat(token(source, "ci").getStatus().getDeliveredTo()).containsExactly(target);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> eventReasons(source).contains("SecretDelivered"));

    // Every rotation reaches the copy; the time from the request to the copy holding the new key
    // is recorded (not asserted: figures go to a file).
    List<Long> latencies = new ArrayList<>();
    List<Long> afterSource = new ArrayList<>();
    String previous = first;
    for (int i = 1; i <= 10; i++) {
      long start = System.nanoTime();
      Resources.annotate(ApiToken.class, source, "ci", "keyward.dev/rotate", "r" + i);
      String before = previous;
      long[] sourceChanged = {0};
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(5))
          .until(
              () -> {
                if (sourceChanged[0] == 0 && !before.equals(secretValue(source, "ci", "token"))) {
                  sourceChanged[0] = System.nanoTime();
                }
                return !before.equals(secretValue(target, "ci", "token"));
              });
      long copied = System.nanoTime();
      latencies.add((copied - start) / 1_000_000);
      afterSource.add((copied - (sourceChanged[0] == 0 ? copied : sourceChanged[0])) / 1_000_000);
      previous = secretValue(source, "ci", "token");
      assertThat(secretValue(target, "ci", "token")).isEqualTo(previous);
    }
    record("rotation-request-to-copy", latencies);
    record("source-secret-to-copy (polled, 5ms)", afterSource);

    // An edit of the copy is undone from the source.
    admin
        .secrets()
        .inNamespace(target)
        .withName("ci")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"stringData\":{\"token\":\"edited\"}}");
    awaitCopyHolds(target, "ci", previous);
    // A deleted copy comes back.
    admin.secrets().inNamespace(target).withName("ci").delete();
    awaitCopyHolds(target, "ci", previous);
  }

  @Test
  void withoutConsentNothingIsDeliveredAndTheConditionNamesTheMissingGrant() {
    // Grants that do not consent: RoleBinding only, and Secret for another token.
    Applications.grant(target, "roles-only", source, "researcher");
    secretGrant(target, "other-token", source, "someone-else");
    apply(source, tokenYaml("ci", "svc", delivering(target)));
    awaitTokenPhase(source, "ci", "Active");

    Condition refused = delivered(source, "ci", "DeliveryGrantMissing");
    assertThat(refused.getStatus()).isEqualTo("False");
    assertThat(refused.getMessage())
        .contains("no AccessGrant in namespace " + target)
        .contains("kind Secret from ApiToken " + source + "/ci")
        .contains("kinds: [Secret]");
    assertThat(secret(target, "ci")).isNull();
    assertThat(token(source, "ci").getStatus().getPhase()).isEqualTo("Active");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> eventReasons(source).contains("DeliveryGrantMissing"));

    secretGrant(target, "ci-token", source, "ci");
    awaitCopyHolds(target, "ci", secretValue(source, "ci", "token"));
    assertThat(delivered(source, "ci", "SecretDelivered").getStatus()).isEqualTo("True");
  }

  @Test
  void theCopyGoesWhenConsentIsWithdrawnWhenTheRequestIsRemovedAndWhenTheTokenIsDeleted() {
    String second = TestCluster.createNamespace("delivery-second");
    secretGrant(target, "ci-token", source, "ci");
    secretGrant(second, "ci-token", source, "ci");
    apply(source, tokenYaml("ci", "svc", delivering(target, second)));
    awaitTokenPhase(source, "ci", "Active");
    String key = secretValue(source, "ci", "token");
    awaitCopyHolds(target, "ci", key);
    awaitCopyHolds(second, "ci", key);

    // Consent withdrawn: the copy goes, and the condition names the grant now missing.
    admin.resources(AccessGrant.class).inNamespace(target).withName("ci-token").delete();
    awaitNoCopy(target, "ci");
    assertThat(delivered(source, "ci", "DeliveryGrantMissing").getMessage())
        .contains("no AccessGrant in namespace " + target);
    assertThat(secretValue(second, "ci", "token")).isEqualTo(key);

    // The request removed: that copy goes too.
    apply(source, tokenYaml("ci", "svc", delivering(target)));
    awaitNoCopy(second, "ci");

    // The token deleted: no owner reference reaches the copy, the sweep removes it.
    secretGrant(target, "ci-token", source, "ci");
    awaitCopyHolds(target, "ci", key);
    admin.resources(ApiToken.class).inNamespace(source).withName("ci").delete();
    awaitNoCopy(target, "ci");
  }

  @Test
  void aForeignSecretWithTheSameNameIsNeverOverwritten() {
    Secret foreign =
        admin
            .secrets()
            .inNamespace(target)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("ci")
                    .endMetadata()
                    .addToStringData("token", "theirs")
                    .build())
            .create();
    secretGrant(target, "ci-token", source, "ci");
    apply(source, tokenYaml("ci", "svc", delivering(target)));
    awaitTokenPhase(source, "ci", "Active");

    Condition conflict = delivered(source, "ci", "DeliveryConflict");
    assertThat(conflict.getStatus()).isEqualTo("False");
    assertThat(conflict.getMessage())
        .contains("Secret ci in namespace " + target)
        .contains("not delivered by Keyward from this ApiToken");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> eventReasons(source).contains("DeliveryConflict"));
    // Withdrawing the consent does not delete it either.
    admin.resources(AccessGrant.class).inNamespace(target).withName("ci-token").delete();
    delivered(source, "ci", "DeliveryGrantMissing");
    Secret after = secret(target, "ci");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(foreign.getMetadata().getResourceVersion());
    assertThat(secretValue(target, "ci", "token")).isEqualTo("theirs");
  }

  @Test
  void aCopyOfAnotherTokenIsNotTakenOver() {
    String other = TestCluster.createNamespace("delivery-other");
    apply(other, userYaml("svc", "roles: [runner]"));
    secretGrant(target, "from-other", other, "ci");
    apply(other, tokenYaml("ci", "svc", delivering(target)));
    awaitTokenPhase(other, "ci", "Active");
    String theirs = secretValue(other, "ci", "token");
    awaitCopyHolds(target, "ci", theirs);

    secretGrant(target, "from-source", source, "ci");
    apply(source, tokenYaml("ci", "svc", delivering(target)));
    delivered(source, "ci", "DeliveryConflict");
    assertThat(secretValue(target, "ci", "token")).isEqualTo(theirs);
  }

  @Test
  void anEditorOfOneNamespaceCannotPlaceASecretInAnotherWithoutItsGrant() {
    String user = "tenant-" + source;
    KubernetesClient tenant = Tenants.editor(source, user);
    tenant
        .resource(
            Serialization.unmarshal(tokenYaml("ci", "svc", delivering(target)), ApiToken.class))
        .inNamespace(source)
        .create();
    awaitTokenPhase(source, "ci", "Active");
    assertThat(delivered(source, "ci", "DeliveryGrantMissing").getMessage())
        .contains("no AccessGrant in namespace " + target);
    assertThat(secret(target, "ci")).isNull();

    // Nor can the tenant consent for the target, or write there itself.
    assertThat(Tenants.may(user, "create", "keyward.dev", "accessgrants", target)).isFalse();
    assertThat(Tenants.may(user, "create", "", "secrets", target)).isFalse();
    assertThatThrownBy(
            () ->
                tenant
                    .resource(
                        Serialization.unmarshal(
                            """
                            apiVersion: keyward.dev/v1alpha1
                            kind: AccessGrant
                            metadata:
                              name: self-consent
                            spec:
                              kinds: [Secret]
                              from: [{namespace: %s}]
                            """
                                .formatted(source),
                            AccessGrant.class))
                    .inNamespace(target)
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }

  @Test
  void aDeliveryRequestCannotCarryAnotherSecretOfTheNamespace() {
    // The target consents to everything from the source namespace; the tenant points a token at
    // a Secret of its namespace that Keyward did not issue: nothing of it leaves the namespace.
    String user = "tenant-" + source;
    KubernetesClient tenant = Tenants.editor(source, user);
    tenant
        .secrets()
        .inNamespace(source)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db-password")
                .endMetadata()
                .addToStringData("token", "s3cret-db")
                .build())
        .create();
    AccessGrant all = new AccessGrant();
    all.getMetadata().setName("all-of-source");
    all.getMetadata().setNamespace(target);
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setFrom(List.of(new AccessGrantSource(source, null)));
    spec.setRoles(null);
    spec.setKinds(List.of(AccessGrantSpec.SECRET));
    all.setSpec(spec);
    admin.resource(all).create();

    tenant
        .resource(
            Serialization.unmarshal(
                tokenYaml("steal", "svc", delivering(target) + "\n    name: db-password"),
                ApiToken.class))
        .inNamespace(source)
        .create();

    ApiToken token = awaitTokenPhase(source, "steal", "Invalid");
    assertThat(condition(token.getStatus(), "Ready").orElseThrow().getReason())
        .isEqualTo("SecretConflict");
    assertThat(delivered(source, "steal", "SourceSecretNotReady").getStatus()).isEqualTo("False");
    assertThat(secret(target, "db-password")).isNull();
    assertThat(secretValue(source, "db-password", "token")).isEqualTo("s3cret-db");
  }

  @Test
  void anApplicationsSecretIsDeliveredAndItsCopyGoesWithTheApplication() {
    AccessGrant grant = new AccessGrant();
    grant.getMetadata().setName("pipeline");
    grant.getMetadata().setNamespace(target);
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setFrom(List.of(new AccessGrantSource(source, "pipeline")));
    spec.setRoles(null);
    spec.setKinds(List.of(AccessGrantSpec.SECRET));
    grant.setSpec(spec);
    admin.resource(grant).create();
    apply(
        source,
        Applications.yaml(
            "pipeline", "[researcher]", "[]", "secret:\n    deliverTo: [" + target + "]"));
    Applications.awaitPhase(source, "pipeline", "Active");
    String appSecret = secretValue(source, "pipeline", "appSecret");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                secret(target, "pipeline") != null
                    && appSecret.equals(secretValue(target, "pipeline", "appSecret")));
    assertThat(secretValue(target, "pipeline", "appId"))
        .isEqualTo(secretValue(source, "pipeline", "appId"));
    assertThat(Applications.get(source, "pipeline").getStatus().getDeliveredTo())
        .containsExactly(target);
    // The grant admits an Application, not a token of the same name, nor roles.
    assertThat(Applications.get(source, "pipeline").getStatus().getBoundProjects())
        .doesNotContain(target);

    admin.resources(Application.class).inNamespace(source).withName("pipeline").delete();
    awaitNoCopy(target, "pipeline");
  }

  @Test
  void aSourceNamingAnApiTokenAdmitsNoApplicationsRoles() {
    AccessGrant grant = new AccessGrant();
    grant.getMetadata().setName("token-only");
    grant.getMetadata().setNamespace(target);
    AccessGrantSpec spec = new AccessGrantSpec();
    AccessGrantSource only = new AccessGrantSource(source, null);
    only.setApiToken("ci");
    spec.setFrom(List.of(only));
    spec.setRoles(List.of("researcher"));
    spec.setKinds(List.of(AccessGrantSpec.ROLE_BINDING, AccessGrantSpec.SECRET));
    grant.setSpec(spec);
    admin.resource(grant).create();
    apply(source, Applications.yaml("reach", "[researcher]", "[" + target + "]", ""));

    Applications.awaitPhase(source, "reach", "Active");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition(Applications.get(source, "reach").getStatus(), "RolesBound"))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("GrantMissing")));
  }

  private static void record(String name, List<Long> millis) throws IOException {
    List<Long> sorted = millis.stream().sorted().toList();
    String line =
        "%s: n=%d min=%dms median=%dms max=%dms all=%s%n"
            .formatted(
                name,
                sorted.size(),
                sorted.get(0),
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1),
                millis);
    Path file = Path.of("target", "delivery-latency.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        line,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    System.out.print(line);
  }
}
