package dev.keyward.apiserver;

import static dev.keyward.testing.Applications.awaitPhase;
import static dev.keyward.testing.Applications.bindings;
import static dev.keyward.testing.Applications.may;
import static dev.keyward.testing.Resources.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.Application;
import dev.keyward.api.Condition;
import dev.keyward.api.KeywardNames;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.rbac.BindingLimits;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.testing.Applications;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Kubectl;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's own ceilings, with no admission policy in the cluster: a tenant holding only the
 * built-in edit role in its namespace gets nothing bound in kube-* or the operator's namespace,
 * nothing in another namespace without that namespace's AccessGrant, nothing outside the role map's
 * namespaces, nothing to a ClusterRole that does not exist; and orphaned bindings are swept.
 */
class ApplicationTenancyIT {

  private static final String MISSING_CLUSTER_ROLE =
      "keyward-it-auditor-" + UUID.randomUUID().toString().substring(0, 8);

  private static KeywardOperator operator;
  private static String operatorNamespace;
  private final KubernetesClient admin = TestCluster.client();

  @BeforeAll
  static void startOperatorWithoutAdmissionPolicy() throws Exception {
    Applications.ensureProjectClusterRoles();
    operatorNamespace = TestCluster.createNamespace("keyward-system");
    // The chart's aggregated roles (so edit covers Applications), without its admission policy;
    // and no policy left by another test either: this is the operator on its own.
    ChartInstall.apply(
        HelmChart.renderObjects(
            "tenancy-keyward", operatorNamespace, Map.of("admission.enabled", false)));
    TestCluster.client()
        .resources(ValidatingAdmissionPolicyBinding.class)
        .withLabel("app.kubernetes.io/name", "keyward")
        .delete();
    String roleMap =
        Files.readString(TestOperator.exampleRoleMap())
            .replace(
                "roles:\n",
                """
                roles:
                  auditor:
                    scopes: [audit.read]
                    clusterRole: %s
                  labelled:
                    scopes: [jobs.read]
                    clusterRole: keyward-researcher
                    namespaceSelector:
                      matchLabels: {keyward.dev/projects: "allowed"}
                """
                    .formatted(MISSING_CLUSTER_ROLE));
    RoleMapSource source =
        RoleMapSource.of(
            RoleMapSource.parse(
                new ByteArrayInputStream(roleMap.getBytes(StandardCharsets.UTF_8))));
    operator =
        TestOperator.start(
            KeywardConfig.defaults(source)
                .withBindingLimits(
                    new BindingLimits(
                        operatorNamespace, BindingLimits.DEFAULT_DENIED, Duration.ofSeconds(1))));
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  private static Application application(String name, List<String> roles, List<String> projects) {
    return Serialization.unmarshal(
        Applications.yaml(name, roles.toString(), projects.toString(), ""), Application.class);
  }

  private static Condition rolesBound(String ns, String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition(awaitPhase(ns, name, "Active").getStatus(), "RolesBound"))
                    .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo(reason)));
    return condition(Applications.get(ns, name).getStatus(), "RolesBound").orElseThrow();
  }

  @Test
  void theEscalationFromAnEditOnlyTenantIsRefusedByTheOperatorItself() {
    String team = TestCluster.createNamespace("team-a");
    String user = "tenant-" + team;
    KubernetesClient tenant = Tenants.editor(team, user);
    // Even a grant in the operator's namespace does not open it.
    Applications.grantAll(team, operatorNamespace, "kube-system");

    Application created =
        tenant
            .resource(
                application(
                    "escalate",
                    List.of("administrator"),
                    List.of("kube-system", operatorNamespace)))
            .inNamespace(team)
            .create();

    Condition bound = rolesBound(team, "escalate", "NamespaceDenied");
    assertThat(bound.getStatus()).isEqualTo("False");
    assertThat(bound.getMessage())
        .contains("administrator in kube-system")
        .contains("deny-list (kube-*)")
        .contains("administrator in " + operatorNamespace)
        .contains("operator's own namespace");
    assertThat(bindings(created.getMetadata().getUid())).isEmpty();
    assertThat(may(team, "kwapp-escalate", "get", "", "secrets", "kube-system")).isFalse();
    assertThat(may(team, "kwapp-escalate", "get", "", "secrets", operatorNamespace)).isFalse();
    assertThat(admin.v1().events().inNamespace(team).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("NamespaceDenied"));
    // Nor can the tenant consent on anyone's behalf: grants are for namespace admins.
    assertThat(Tenants.may(user, "create", "keyward.dev", "accessgrants", team)).isFalse();
  }

  @Test
  void anotherNamespaceIsBoundOnlyWhileItsGrantAdmitsTheRole() {
    String team = TestCluster.createNamespace("team-a");
    String target = TestCluster.createNamespace("team-b");
    KubernetesClient tenant = Tenants.editor(team, "tenant-" + team);

    Application created =
        tenant
            .resource(application("reach", List.of("researcher"), List.of(team, target)))
            .inNamespace(team)
            .create();
    String uid = created.getMetadata().getUid();

    Condition refused = rolesBound(team, "reach", "GrantMissing");
    assertThat(refused.getMessage())
        .contains("no AccessGrant in namespace " + target)
        .contains("admits role researcher from namespace " + team);
    // Its own namespace needs no grant.
    assertThat(Applications.get(team, "reach").getStatus().getBoundProjects())
        .containsExactly(team);
    assertThat(may(team, "kwapp-reach", "create", "batch", "jobs", target)).isFalse();
    assertThat(admin.v1().events().inNamespace(team).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("GrantMissing"));

    // A grant for another role, or for another Application, does not admit it.
    Applications.grant(target, "editors-only", team, "editor");
    var other = Applications.grant(target, "other-app", team, "researcher");
    other.getSpec().getFrom().get(0).setApplication("someone-else");
    admin.resource(other).update();
    Applications.grant(target, "reach", team, "researcher");

    assertThat(rolesBound(team, "reach", "RolesBound").getStatus()).isEqualTo("True");
    assertThat(may(team, "kwapp-reach", "create", "batch", "jobs", target)).isTrue();

    // Narrowing the grant to another source unbinds; widening it back binds again.
    admin
        .resources(AccessGrant.class)
        .inNamespace(target)
        .withName("reach")
        .edit(
            g -> {
              g.getSpec().getFrom().get(0).setNamespace("elsewhere");
              return g;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !may(team, "kwapp-reach", "create", "batch", "jobs", target));
    admin
        .resources(AccessGrant.class)
        .inNamespace(target)
        .withName("reach")
        .edit(
            g -> {
              g.getSpec().getFrom().get(0).setNamespace(team);
              return g;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> may(team, "kwapp-reach", "create", "batch", "jobs", target));

    Applications.revokeGrant(target, "reach");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(bindings(uid))
                    .extracting(b -> b.getMetadata().getNamespace())
                    .containsExactly(team));
    assertThat(may(team, "kwapp-reach", "create", "batch", "jobs", target)).isFalse();
    assertThat(rolesBound(team, "reach", "GrantMissing").getMessage()).contains(target);
  }

  @Test
  void theRoleMapsNamespaceSelectorLimitsWhereARoleIsBound() {
    String team = TestCluster.createNamespace("team-a");
    admin
        .resource(application("picky", List.of("labelled"), List.of(team)))
        .inNamespace(team)
        .create();

    assertThat(rolesBound(team, "picky", "NamespaceNotAllowed").getMessage())
        .contains("labelled in " + team)
        .contains("restricts role labelled");
    assertThat(may(team, "kwapp-picky", "create", "batch", "jobs", team)).isFalse();

    admin
        .namespaces()
        .withName(team)
        .edit(
            n -> {
              n.getMetadata().getLabels().put("keyward.dev/projects", "allowed");
              return n;
            });

    assertThat(rolesBound(team, "picky", "RolesBound").getStatus()).isEqualTo("True");
    assertThat(may(team, "kwapp-picky", "create", "batch", "jobs", team)).isTrue();
  }

  @Test
  void aMissingClusterRoleIsNamedAndBoundAsSoonAsItExists() {
    String team = TestCluster.createNamespace("team-a");
    admin
        .resource(application("audit", List.of("auditor"), List.of(team)))
        .inNamespace(team)
        .create();

    Condition missing = rolesBound(team, "audit", "ClusterRoleMissing");
    assertThat(missing.getStatus()).isEqualTo("False");
    assertThat(missing.getMessage()).contains("ClusterRole " + MISSING_CLUSTER_ROLE);
    assertThat(admin.v1().events().inNamespace(team).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ClusterRoleMissing"));

    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(MISSING_CLUSTER_ROLE)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("events")
                        .withVerbs("list")
                        .build())
                .build())
        .create();

    assertThat(rolesBound(team, "audit", "RolesBound").getStatus()).isEqualTo("True");
    assertThat(may(team, "kwapp-audit", "list", "", "events", team)).isTrue();
  }

  @Test
  void theSweepRemovesBindingsWhoseApplicationIsGoneAndKeepsTheOthers() {
    String team = TestCluster.createNamespace("team-a");
    admin
        .resource(application("live", List.of("researcher"), List.of(team)))
        .inNamespace(team)
        .create();
    String uid = awaitPhase(team, "live", "Active").getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).until(() -> bindings(uid).size() == 1);
    // What a hand-removed finalizer leaves behind: a binding labelled for an Application that is
    // gone (here one that never existed, so no reconcile can clean it up).
    String gone = UUID.randomUUID().toString();
    RoleBinding orphan =
        admin
            .rbac()
            .roleBindings()
            .inNamespace(team)
            .resource(
                new RoleBindingBuilder()
                    .withNewMetadata()
                    .withName("kwapp-vanished-researcher-" + gone.substring(0, 8))
                    .withLabels(
                        Map.of(
                            "app.kubernetes.io/managed-by",
                            "keyward",
                            "keyward.dev/application-uid",
                            gone,
                            "keyward.dev/application-namespace",
                            team,
                            "keyward.dev/application-name",
                            "vanished"))
                    .endMetadata()
                    .withNewRoleRef(
                        "rbac.authorization.k8s.io", "ClusterRole", "keyward-researcher")
                    .addNewSubject()
                    .withKind("ServiceAccount")
                    .withName("kwapp-vanished")
                    .withNamespace(team)
                    .endSubject()
                    .build())
            .create();

    await().atMost(Duration.ofSeconds(30)).until(() -> admin.resource(orphan).get() == null);
    assertThat(may(team, "kwapp-vanished", "create", "batch", "jobs", team)).isFalse();
    assertThat(bindings(uid)).hasSize(1);
  }

  @Test
  void theExampleProjectsConsentToTheRunaiApplicationAndTeamCExplainsItsRefusal() {
    // As local mode does: the projects and their grants, then the Applications in default.
    String examples = TestCluster.repoRoot().resolve("examples").toString();
    Kubectl.Result grants =
        Kubectl.run(null, "apply", "-f", examples + "/tenancy/project-grants.yaml");
    assertThat(grants.exitCode()).as(grants.output()).isZero();
    for (String app : List.of("runai-application.yaml", "tenancy/ungranted-application.yaml")) {
      Kubectl.Result applied =
          Kubectl.run(null, "apply", "-n", "default", "-f", examples + "/" + app);
      assertThat(applied.exitCode()).as(applied.output()).isZero();
    }
    try {
      assertThat(rolesBound("default", "training-pipeline", "RolesBound").getStatus())
          .isEqualTo("True");
      assertThat(Applications.get("default", "training-pipeline").getStatus().getBoundProjects())
          .containsExactlyInAnyOrder("team-a", "team-b");
      assertThat(may("default", "kwapp-training-pipeline", "create", "batch", "jobs", "team-b"))
          .isTrue();
      assertThat(rolesBound("default", "notebook-sync", "GrantMissing").getMessage())
          .contains("no AccessGrant in namespace team-c");
      // team-b's grant names training-pipeline only.
      assertThat(may("default", "kwapp-notebook-sync", "create", "batch", "jobs", "team-b"))
          .isFalse();
    } finally {
      admin.resources(Application.class).inNamespace("default").delete();
    }
  }

  @Test
  void anApplicationNamedLongerThanALabelValueKeepsItsNameLabelAndGetsADeletedBindingBack() {
    String team = TestCluster.createNamespace("long-name");
    String project = TestCluster.createNamespace("long-name-project");
    Applications.grantAll(team, project);
    String name = "a-pipeline-whose-name-is-longer-than-the-sixty-three-characters-of-a-label";
    assertThat(name.length()).isGreaterThan(63);
    TestCluster.client()
        .resource(application(name, List.of("researcher"), List.of(project)))
        .inNamespace(team)
        .create();
    rolesBound(team, name, "RolesBound");
    String uid = Applications.get(team, name).getMetadata().getUid();
    RoleBinding first = bindings(uid).get(0);

    assertThat(first.getMetadata().getLabels().get(KeywardNames.APP_NAME_LABEL))
        .isEqualTo(KeywardNames.labelValue(name))
        .hasSizeLessThanOrEqualTo(63);
    TestCluster.client().resource(first).withGracePeriod(0).delete();

    // Nothing else happens to the Application: only the deletion can bring the binding back.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(bindings(uid))
                    .singleElement()
                    .satisfies(
                        b ->
                            assertThat(b.getMetadata().getUid())
                                .isNotEqualTo(first.getMetadata().getUid())));
    assertThat(may(team, "kwapp-" + name, "create", "batch", "jobs", project)).isTrue();
  }
}
