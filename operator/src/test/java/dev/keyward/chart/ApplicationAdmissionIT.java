package dev.keyward.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.Application;
import dev.keyward.testing.Applications;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's ValidatingAdmissionPolicy on the real API server, as an attacker holding only the
 * built-in edit role in its namespace meets it: no role without assign, no ClusterRole it could not
 * bind itself, no finalizer removal; while what it may do still goes through.
 */
class ApplicationAdmissionIT {

  private static final String RELEASE = "admission-keyward";
  private static String operatorNamespace;
  private static List<HasMetadata> chart;
  private final KubernetesClient admin = TestCluster.client();

  @BeforeAll
  static void installChart() {
    operatorNamespace = TestCluster.createNamespace("keyward-system");
    chart = HelmChart.renderObjects(RELEASE, operatorNamespace, Map.of());
    ChartInstall.apply(chart);
  }

  @AfterAll
  static void removePolicy() {
    // The policy applies cluster-wide: leave the shared API server as it was found.
    KubernetesClient admin = TestCluster.client();
    HelmChart.ofType(chart, ValidatingAdmissionPolicyBinding.class)
        .forEach(b -> admin.resource(b).delete());
    HelmChart.ofType(chart, ValidatingAdmissionPolicy.class)
        .forEach(p -> admin.resource(p).delete());
  }

  private static Application application(String name, String roles, String projects) {
    return Serialization.unmarshal(Applications.yaml(name, roles, projects, ""), Application.class);
  }

  /** The refusal of a dry-run create, once the API server enforces the new policy. */
  private static String refusal(KubernetesClient client, String namespace, Application app) {
    String[] message = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              KubernetesClientException e =
                  catchThrowableOfType(
                      KubernetesClientException.class,
                      () -> client.resource(app).inNamespace(namespace).dryRun().create());
              assertThat(e).isNotNull();
              assertThat(e.getMessage()).contains("ValidatingAdmissionPolicy");
              message[0] = e.getMessage();
            });
    return message[0];
  }

  private void grantAssignAndBind(String namespace, String user, String role, String clusterRole) {
    Tenants.allowAssignAndBind(namespace, user, role, clusterRole);
  }

  @Test
  void anEditOnlyTenantCannotGiveItsApplicationAdministratorInKubeSystemOrTheOperatorNamespace() {
    String team = TestCluster.createNamespace("team-a");
    String user = "tenant-" + team;
    KubernetesClient tenant = Tenants.editor(team, user);
    Application escalation =
        application("escalate", "[administrator]", "[kube-system, " + operatorNamespace + "]");

    assertThat(refusal(tenant, team, escalation))
        .contains("setting role(s) administrator")
        .contains("verb assign on roles.keyward.dev");

    // Even allowed to assign the role, and to bind its ClusterRole in its own namespace, the
    // tenant may not bind it where it holds nothing.
    grantAssignAndBind(team, user, "administrator", "keyward-administrator");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(refusal(tenant, team, escalation))
                    .contains("only what its author could bind")
                    .contains(
                        "ClusterRole keyward-administrator (role administrator) in kube-system")
                    .contains("in " + operatorNamespace)
                    .doesNotContain("setting role(s)"));
    assertThat(admin.resources(Application.class).inNamespace(team).withName("escalate").get())
        .isNull();

    // Within its own namespace, with both rights granted, it goes through.
    tenant
        .resource(application("own", "[administrator]", "[" + team + "]"))
        .inNamespace(team)
        .dryRun()
        .create();
  }

  @Test
  void anApplicationWithoutRolesNeedsNothingBeyondEdit() {
    String team = TestCluster.createNamespace("team-a");
    KubernetesClient tenant = Tenants.editor(team, "tenant-" + team);
    // Wait until the policy is in force (a role is refused), then show what still passes.
    refusal(tenant, team, application("probe", "[researcher]", "[" + team + "]"));

    tenant.resource(application("plain", "[]", "[" + team + "]")).inNamespace(team).create();

    assertThat(admin.resources(Application.class).inNamespace(team).withName("plain").get())
        .isNotNull();
  }

  @Test
  void onlyTheOperatorRemovesTheBindingsFinalizer() {
    String team = TestCluster.createNamespace("team-a");
    KubernetesClient tenant = Tenants.editor(team, "tenant-" + team);
    Application app = application("held", "[]", "[" + team + "]");
    app.getMetadata().setFinalizers(List.of("keyward.dev/rolebindings"));
    admin.resource(app).inNamespace(team).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              KubernetesClientException e =
                  catchThrowableOfType(
                      KubernetesClientException.class,
                      () ->
                          tenant
                              .resources(Application.class)
                              .inNamespace(team)
                              .withName("held")
                              .edit(
                                  a -> {
                                    a.getMetadata().setFinalizers(List.of());
                                    return a;
                                  }));
              assertThat(e).isNotNull();
              assertThat(e.getMessage()).contains("only the operator may remove it");
            });
    // Other edits by the tenant still go through, and the finalizer stays.
    tenant
        .resources(Application.class)
        .inNamespace(team)
        .withName("held")
        .edit(
            a -> {
              a.getSpec().setDescription("edited by its tenant");
              return a;
            });
    assertThat(
            admin
                .resources(Application.class)
                .inNamespace(team)
                .withName("held")
                .get()
                .getMetadata()
                .getFinalizers())
        .containsExactly("keyward.dev/rolebindings");

    // A cluster admin (who holds update on applications/finalizers) may.
    admin
        .resources(Application.class)
        .inNamespace(team)
        .withName("held")
        .edit(
            a -> {
              a.getMetadata().setFinalizers(List.of());
              return a;
            });
  }
}
