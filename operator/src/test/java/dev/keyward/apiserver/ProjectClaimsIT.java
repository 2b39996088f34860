package dev.keyward.apiserver;

import static dev.keyward.testing.Applications.awaitPhase;
import static dev.keyward.testing.Resources.secretValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.api.Application;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Applications;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Http;
import dev.keyward.testing.JwksVerifier;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import dev.keyward.testing.TestServers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The projects an Application's access tokens and {@code /auth} answers carry are the ones the
 * operator bound, never {@code spec.projects} as a tenant wrote it: an edit-only tenant naming a
 * victim namespace and kube-system gets neither into a JWT or an identity header, with the chart's
 * admission policies installed and without them.
 */
class ProjectClaimsIT {

  private static final String ISSUER = "https://keyward.test";
  private static final String AUDIENCE = "jobs-api";

  private static KeywardOperator operator;
  private static VerificationServer server;
  private static String operatorNamespace;
  private static int clients;

  @BeforeAll
  static void start() {
    Applications.ensureProjectClusterRoles();
    operatorNamespace = TestCluster.createNamespace("keyward-system");
    // The chart's aggregated roles (edit covers Keyward's kinds); its policies only where a test
    // installs them.
    ChartInstall.apply(
        HelmChart.renderObjects(
            "claims-keyward", operatorNamespace, Map.of("admission.enabled", false)));
    TestCluster.client()
        .resources(ValidatingAdmissionPolicyBinding.class)
        .withLabel("app.kubernetes.io/name", "keyward")
        .delete();
    operator =
        TestOperator.start(
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource()).withPublicUrl(ISSUER));
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            TestServers.behindLoopbackProxy(
                ExchangeSettings.defaults(
                        ISSUER, operatorNamespace, TestOperator.exampleRoleMapSource())
                    .withAudience(AUDIENCE)));
  }

  @AfterAll
  static void stop() {
    server.close();
    operator.close();
  }

  private record Claimed(List<String> jwtProjects, String authHeader) {}

  /** What a backend learns of the Application's projects: from its JWT, and from /auth. */
  private static Claimed claimed(String ns, String name) throws Exception {
    Http http = new Http(server.port(), "192.0.2." + (++clients));
    String basic = secretValue(ns, name, "appId") + ":" + secretValue(ns, name, "appSecret");
    HttpResponse<String> token =
        http.postForm("/oauth/token", "grant_type=client_credentials", basic);
    assertThat(token.statusCode()).isEqualTo(200);
    String jwt = new JsonObject(token.body()).getString("access_token");
    JWTClaimsSet claims =
        new JwksVerifier(http.get("/.well-known/jwks.json").body(), ISSUER, AUDIENCE).verify(jwt);
    HttpResponse<String> auth = http.get("/auth", "Authorization", "Bearer " + jwt);
    assertThat(auth.statusCode()).isEqualTo(200);
    return new Claimed(
        claims.getStringListClaim("projects"),
        auth.headers().firstValue("X-Keyward-Projects").orElse(null));
  }

  private static Application application(String name, String roles, String projects) {
    return Serialization.unmarshal(Applications.yaml(name, roles, projects, ""), Application.class);
  }

  @ParameterizedTest(name = "admission policies installed: {0}")
  @ValueSource(booleans = {false, true})
  void aRolelessApplicationNamingAVictimAndKubeSystemClaimsNoProject(boolean admission)
      throws Exception {
    List<HasMetadata> policies = admission ? installAdmissionPolicies() : List.of();
    try {
      String team = TestCluster.createNamespace("team-a");
      String victim = TestCluster.createNamespace("victim");
      KubernetesClient tenant = Tenants.editor(team, "tenant-" + team);
      Tenants.allowAssignAndBind(team, "tenant-" + team, "researcher", "keyward-researcher");
      if (admission) {
        // The policies are enforced (a role in a project the tenant cannot bind in is refused)...
        Application reacher =
            application("reacher", "[researcher]", "[" + team + ", " + victim + "]");
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThatThrownBy(
                            () -> tenant.resource(reacher).inNamespace(team).dryRun().create())
                        .hasMessageContaining("ValidatingAdmissionPolicy"));
      }
      // ...but an Application without roles gives admission nothing to check, and the operator
      // nothing to bind: it is Active, and must claim no project.
      tenant
          .resource(application("roleless", "[]", "[" + victim + ", kube-system]"))
          .inNamespace(team)
          .create();
      awaitPhase(team, "roleless", "Active");

      Claimed roleless = claimed(team, "roleless");

      assertThat(Applications.get(team, "roleless").getStatus().getBoundProjects()).isEmpty();
      assertThat(roleless.jwtProjects()).as("JWT projects of a roleless app").isEmpty();
      assertThat(roleless.authHeader()).as("X-Keyward-Projects of a roleless app").isNull();
    } finally {
      policies.forEach(p -> TestCluster.client().resource(p).delete());
    }
  }

  /** Without the policies, only the operator stands between the tenant and the victim. */
  @Test
  void anApplicationClaimsAnotherNamespaceOnlyOnceItConsentedAndTheRoleIsBound() throws Exception {
    String team = TestCluster.createNamespace("team-a");
    String victim = TestCluster.createNamespace("victim");
    KubernetesClient tenant = Tenants.editor(team, "tenant-" + team);
    tenant
        .resource(application("reacher", "[researcher]", "[" + team + ", " + victim + "]"))
        .inNamespace(team)
        .create();
    awaitPhase(team, "reacher", "Active");

    Claimed reacher = claimed(team, "reacher");

    assertThat(Applications.get(team, "reacher").getStatus().getBoundProjects())
        .containsExactly(team);
    assertThat(reacher.jwtProjects()).containsExactly(team);
    assertThat(reacher.authHeader()).isEqualTo(team);

    // Once the victim consents, the project is bound and claimed.
    Applications.grant(victim, "reacher", team, "researcher");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Applications.get(team, "reacher").getStatus().getBoundProjects().contains(victim));
    assertThat(claimed(team, "reacher").jwtProjects()).containsExactly(team, victim);
  }

  /** The chart's ValidatingAdmissionPolicies and their bindings (cluster-wide: removed after). */
  private static List<HasMetadata> installAdmissionPolicies() {
    List<HasMetadata> chart =
        HelmChart.renderObjects("claims-keyward", operatorNamespace, Map.of());
    ChartInstall.apply(chart);
    return Stream.concat(
            HelmChart.ofType(chart, ValidatingAdmissionPolicyBinding.class).stream(),
            HelmChart.ofType(chart, ValidatingAdmissionPolicy.class).stream())
        .map(HasMetadata.class::cast)
        .toList();
  }
}
