package dev.keyward.apiserver;

import static dev.keyward.testing.Applications.awaitPhase;
import static dev.keyward.testing.Applications.bindings;
import static dev.keyward.testing.Applications.may;
import static dev.keyward.testing.Applications.yaml;
import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.secret;
import static dev.keyward.testing.Resources.secretValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.Application;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.Applications;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applications on a real API server: app secret, ServiceAccount, RoleBindings in projects. */
class ApplicationIT {

  private static KeywardOperator operator;
  private final KubernetesClient client = TestCluster.client();
  private String ns;
  private String teamA;
  private String teamB;
  private String other;

  @BeforeAll
  static void startOperator() {
    Applications.ensureProjectClusterRoles();
    operator = TestOperator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @BeforeEach
  void namespaces() {
    ns = TestCluster.createNamespace("app");
    teamA = TestCluster.createNamespace("team-a");
    teamB = TestCluster.createNamespace("team-b");
    other = TestCluster.createNamespace("other");
    // The projects consent; "other" does not.
    Applications.grantAll(ns, teamA, teamB);
  }

  private String projects(String... names) {
    return "[" + String.join(", ", names) + "]";
  }

  @Test
  void applicationGetsAnAppIdASecretAndItsRoleInBothProjectsButNotAThird() {
    apply(ns, yaml("pipeline", "[researcher]", projects(teamA, teamB), "tokenLifetime: 15m"));

    Application app = awaitPhase(ns, "pipeline", "Active");
    String uid = app.getMetadata().getUid();
    assertThat(app.getStatus().getAppId()).isEqualTo(uid);
    assertThat(secretValue(ns, "pipeline", "appId")).isEqualTo(uid);
    String appSecret = secretValue(ns, "pipeline", "appSecret");
    assertThat(new KeyFormat("kws").isWellFormed(appSecret)).isTrue();
    assertThat(KeyHasher.matches(appSecret, app.getStatus().getKey())).isTrue();
    assertThat(secretValue(ns, "pipeline", "tokenEndpoint")).endsWith("/oauth/token");
    assertThat(app.getStatus().getServiceAccount()).isEqualTo("kwapp-pipeline");
    ServiceAccount sa = client.serviceAccounts().inNamespace(ns).withName("kwapp-pipeline").get();
    assertThat(sa.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(uid));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(awaitPhase(ns, "pipeline", "Active").getStatus().getBoundProjects())
                    .containsExactlyInAnyOrder(teamA, teamB));
    assertThat(condition(awaitPhase(ns, "pipeline", "Active").getStatus(), "RolesBound"))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(may(ns, "kwapp-pipeline", "create", "batch", "jobs", teamA)).isTrue();
    assertThat(may(ns, "kwapp-pipeline", "create", "batch", "jobs", teamB)).isTrue();
    assertThat(may(ns, "kwapp-pipeline", "list", "", "pods", teamB)).isTrue();
    assertThat(may(ns, "kwapp-pipeline", "create", "batch", "jobs", other)).isFalse();
    assertThat(may(ns, "kwapp-pipeline", "list", "", "pods", other)).isFalse();
    assertThat(may(ns, "kwapp-pipeline", "get", "", "secrets", teamA)).isFalse();
  }

  @Test
  void removingAProjectAndARoleRemovesTheirBindings() {
    apply(ns, yaml("shrink", "[researcher, editor]", projects(teamA, teamB), ""));
    String uid = awaitPhase(ns, "shrink", "Active").getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).until(() -> bindings(uid).size() == 4);
    assertThat(may(ns, "kwapp-shrink", "create", "apps", "deployments", teamB)).isTrue();

    apply(ns, yaml("shrink", "[researcher]", projects(teamA), ""));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(bindings(uid))
                    .singleElement()
                    .satisfies(
                        b -> {
                          assertThat(b.getMetadata().getNamespace()).isEqualTo(teamA);
                          assertThat(b.getRoleRef().getName()).isEqualTo("keyward-researcher");
                        }));
    assertThat(may(ns, "kwapp-shrink", "create", "batch", "jobs", teamA)).isTrue();
    assertThat(may(ns, "kwapp-shrink", "create", "batch", "jobs", teamB)).isFalse();
    assertThat(may(ns, "kwapp-shrink", "create", "apps", "deployments", teamA)).isFalse();
  }

  @Test
  void aMissingProjectGivesAConditionAndIsBoundWhenItsNamespaceAppears() {
    String later = "later-" + teamA;
    apply(ns, yaml("waiting", "[researcher]", projects(teamA, later), ""));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition(awaitPhase(ns, "waiting", "Active").getStatus(), "RolesBound"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("ProjectMissing");
                          assertThat(c.getMessage()).contains(later);
                        }));
    assertThat(awaitPhase(ns, "waiting", "Active").getStatus().getBoundProjects())
        .containsExactly(teamA);

    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(later)
                .endMetadata()
                .build())
        .create();
    Applications.grantAll(ns, later);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(may(ns, "kwapp-waiting", "create", "batch", "jobs", later)).isTrue());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition(awaitPhase(ns, "waiting", "Active").getStatus(), "RolesBound"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
  }

  @Test
  void unknownRolesMakeTheApplicationInvalidNamingThemAndNothingIsIssued() {
    apply(ns, yaml("typo", "[researcher, reseacher, wizard]", projects(teamA), ""));

    Application app = awaitPhase(ns, "typo", "Invalid");

    assertThat(condition(app.getStatus(), "RolesKnown"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getMessage())
                  .contains("reseacher, wizard")
                  .doesNotContain("researcher,");
            });
    assertThat(app.getStatus().getKey()).isNull();
    assertThat(secret(ns, "typo")).isNull();
    assertThat(bindings(app.getMetadata().getUid())).isEmpty();
  }

  @Test
  void disablingRemovesTheBindingsAndReEnablingRestoresThemWithTheSameSecret() {
    apply(ns, yaml("toggle", "[researcher]", projects(teamA), ""));
    String uid = awaitPhase(ns, "toggle", "Active").getMetadata().getUid();
    String appSecret = secretValue(ns, "toggle", "appSecret");
    await().atMost(Duration.ofSeconds(30)).until(() -> bindings(uid).size() == 1);

    apply(ns, yaml("toggle", "[researcher]", projects(teamA), "enabled: false"));
    awaitPhase(ns, "toggle", "Disabled");
    await().atMost(Duration.ofSeconds(30)).until(() -> bindings(uid).isEmpty());
    assertThat(may(ns, "kwapp-toggle", "create", "batch", "jobs", teamA)).isFalse();

    apply(ns, yaml("toggle", "[researcher]", projects(teamA), "enabled: true"));
    awaitPhase(ns, "toggle", "Active");
    await().atMost(Duration.ofSeconds(30)).until(() -> bindings(uid).size() == 1);
    assertThat(secretValue(ns, "toggle", "appSecret")).isEqualTo(appSecret);
  }

  @Test
  void aDeletedBindingIsPutBack() {
    apply(ns, yaml("heal", "[researcher]", projects(teamA), ""));
    String uid = awaitPhase(ns, "heal", "Active").getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).until(() -> bindings(uid).size() == 1);
    RoleBinding binding = bindings(uid).get(0);

    client.resource(binding).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(bindings(uid))
                    .singleElement()
                    .satisfies(
                        b ->
                            assertThat(b.getMetadata().getUid())
                                .isNotEqualTo(binding.getMetadata().getUid())));
  }

  @Test
  void deletingTheApplicationRemovesItsBindingsEverywhereAndItsOwnedObjects() {
    apply(ns, yaml("gone", "[researcher, editor]", projects(teamA, teamB), ""));
    Application app = awaitPhase(ns, "gone", "Active");
    String uid = app.getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).until(() -> bindings(uid).size() == 4);
    assertThat(app.getMetadata().getFinalizers()).contains("keyward.dev/rolebindings");
    Set<String> boundIn =
        bindings(uid).stream().map(b -> b.getMetadata().getNamespace()).collect(Collectors.toSet());
    assertThat(boundIn).containsExactlyInAnyOrder(teamA, teamB);

    client.resources(Application.class).inNamespace(ns).withName("gone").delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(bindings(uid)).isEmpty();
              assertThat(Applications.get(ns, "gone")).isNull();
            });
    // The ServiceAccount and Secret have owner references: the garbage collector removes them
    // (on a fresh cluster it first has to discover the Application kind, which can take a while).
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              assertThat(client.serviceAccounts().inNamespace(ns).withName("kwapp-gone").get())
                  .isNull();
              assertThat(secret(ns, "gone")).isNull();
            });
    assertThat(may(ns, "kwapp-gone", "create", "batch", "jobs", teamA)).isFalse();
    assertThat(List.of(teamA, teamB))
        .allSatisfy(p -> assertThat(may(ns, "kwapp-gone", "list", "", "pods", p)).isFalse());
  }

  @Test
  void anExpiryAlreadyPastMakesTheApplicationExpiredWithoutSecretOrBindings() {
    apply(ns, yaml("late", "[researcher]", projects(teamA), "expires: \"2020-01-01T00:00:00Z\""));

    Application app = awaitPhase(ns, "late", "Expired");

    assertThat(app.getStatus().getKey()).isNull();
    assertThat(secret(ns, "late")).isNull();
    assertThat(bindings(app.getMetadata().getUid())).isEmpty();
  }
}
