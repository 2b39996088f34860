package dev.keyward.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.testing.HelmChart;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart renders and lints offline, and what it renders is least-privilege and restricted. */
class ChartRenderTest {

  private static final String NS = "keyward-system";

  private static List<HasMetadata> render(Map<String, Object> values) {
    return HelmChart.renderObjects("keyward", NS, values);
  }

  private static PolicyRule rule(ClusterRole role, String group, String resource) {
    return role.getRules().stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule for " + group + "/" + resource));
  }

  @Test
  void chartLintsCleanInStrictMode() {
    LintResult lint = new Helm(HelmChart.directory()).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void operatorClusterRoleGrantsOnlyTheVerbsTheOperatorUses() {
    ClusterRole role =
        HelmChart.named(render(Map.of()), ClusterRole.class, "keyward").orElseThrow();
    assertThat(role.getRules())
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs()).doesNotContain("*", "escalate", "impersonate");
              assertThat(r.getResources()).doesNotContain("*");
            });
    assertThat(rule(role, "", "secrets").getVerbs())
        .containsExactlyInAnyOrder("get", "list", "watch", "create", "update", "patch");
    assertThat(rule(role, "keyward.dev", "apitokens").getVerbs())
        .containsExactlyInAnyOrder("get", "list", "watch", "patch", "update");
    assertThat(rule(role, "keyward.dev", "apitokens/status").getVerbs())
        .containsExactlyInAnyOrder("get", "patch", "update");
    assertThat(rule(role, "", "events").getVerbs()).containsExactlyInAnyOrder("create", "patch");
    assertThat(rule(role, "", "namespaces").getVerbs())
        .containsExactlyInAnyOrder("get", "list", "watch");
  }

  @Test
  void bindIsGrantedOnlyOnTheClusterRolesTheRoleMapNames() {
    PolicyRule bind =
        rule(
            HelmChart.named(render(Map.of()), ClusterRole.class, "keyward").orElseThrow(),
            "rbac.authorization.k8s.io",
            "clusterroles");
    assertThat(bind.getVerbs()).containsExactlyInAnyOrder("bind", "get");
    assertThat(bind.getResourceNames())
        .containsExactlyInAnyOrder("keyward-administrator", "keyward-editor", "keyward-researcher");

    List<HasMetadata> narrowed =
        render(
            Map.of(
                "roleMap.roles.researcher.clusterRole", "custom-researcher",
                "roleMap.roles.editor.clusterRole", "",
                "roleMap.roles.administrator.clusterRole", ""));
    assertThat(
            rule(
                    HelmChart.named(narrowed, ClusterRole.class, "keyward").orElseThrow(),
                    "rbac.authorization.k8s.io",
                    "clusterroles")
                .getResourceNames())
        .containsExactly("custom-researcher");
  }

  @Test
  void leaderElectionLeaseIsGrantedOnlyInTheReleaseNamespace() {
    Role lease =
        HelmChart.named(render(Map.of()), Role.class, "keyward-leader-election").orElseThrow();
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(lease.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(r.getResources()).containsExactly("leases");
              assertThat(r.getVerbs())
                  .containsExactlyInAnyOrder("get", "create", "update", "patch");
            });
    assertThat(HelmChart.ofType(render(Map.of("leaderElection.enabled", false)), Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("keyward-password-records");
  }

  @Test
  void secretDeleteIsGrantedForPasswordRecordsAndDeliveredCopiesOnly() {
    List<HasMetadata> objects = render(Map.of());
    Role records = HelmChart.named(objects, Role.class, "keyward-password-records").orElseThrow();
    assertThat(records.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(records.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("");
              assertThat(r.getResources()).containsExactly("secrets");
              assertThat(r.getVerbs()).containsExactly("delete");
            });
    RoleBinding binding =
        HelmChart.named(objects, RoleBinding.class, "keyward-password-records").orElseThrow();
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("keyward"));
    ClusterRole cluster = HelmChart.named(objects, ClusterRole.class, "keyward").orElseThrow();
    // Delivered copies live in other namespaces, where no owner reference reaches them: a rule of
    // its own holds delete, apart from the rule the operator creates and updates Secrets with.
    List<List<String>> secretRules =
        cluster.getRules().stream()
            .filter(r -> r.getApiGroups().contains("") && r.getResources().contains("secrets"))
            .map(r -> r.getVerbs())
            .toList();
    assertThat(secretRules)
        .containsExactly(
            List.of("get", "list", "watch", "create", "update", "patch"), List.of("delete"));
  }

  @Test
  void deploymentRunsUnderRestrictedPodSecurityWithProbesAndTheRoleMap() {
    Deployment deployment =
        HelmChart.named(render(Map.of()), Deployment.class, "keyward").orElseThrow();
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container container = pod.getContainers().get(0);
    var security = container.getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getArgs())
        .contains(
            "--role-map=/etc/keyward/role-map.yaml",
            "--leader-election",
            "--lease-namespace=$(POD_NAMESPACE)",
            "--http-port=8080",
            "--health-port=8081",
            "--metrics-port=9090",
            "--shutdown-delay=5s");
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/keyward"));
  }

  @Test
  void publicUrlDefaultsToTheServiceAndCanBeSet() {
    List<String> defaults =
        HelmChart.named(render(Map.of()), Deployment.class, "keyward")
            .orElseThrow()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    List<String> set =
        HelmChart.named(
                render(Map.of("publicUrl", "https://keys.example.com")),
                Deployment.class,
                "keyward")
            .orElseThrow()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();

    assertThat(defaults).contains("--public-url=http://keyward." + NS + ".svc:8080");
    assertThat(set).contains("--public-url=https://keys.example.com");
  }

  @Test
  void roleMapValuesBecomeTheMountedRoleMapFile() throws Exception {
    ConfigMap configMap =
        HelmChart.named(render(Map.of()), ConfigMap.class, "keyward-role-map").orElseThrow();
    RoleMap rendered =
        RoleMapSource.parse(
            new ByteArrayInputStream(
                configMap.getData().get("role-map.yaml").getBytes(StandardCharsets.UTF_8)));
    RoleMap example =
        RoleMapSource.parse(
            HelmChart.directory().resolve("../../config/role-map.yaml").normalize());
    assertThat(rendered).isEqualTo(example);
  }

  @Test
  void serviceExposesHttpAndTheMetricsPortOnlyWhenAsked() {
    Service service = HelmChart.named(render(Map.of()), Service.class, "keyward").orElseThrow();
    Service withMetrics =
        HelmChart.named(render(Map.of("metrics.service.enabled", true)), Service.class, "keyward")
            .orElseThrow();
    Service withMonitor =
        HelmChart.named(
                render(Map.of("metrics.serviceMonitor.enabled", true)), Service.class, "keyward")
            .orElseThrow();

    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("http");
    assertThat(withMetrics.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactlyInAnyOrder("http", "metrics");
    assertThat(withMonitor.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactlyInAnyOrder("http", "metrics");
  }

  @Test
  void tlsMountsTheSecretServesHttpsAndMakesTheDefaultPublicUrlHttps() {
    Deployment deployment =
        HelmChart.named(
                render(Map.of("tls.enabled", true, "tls.secretName", "keyward-tls")),
                Deployment.class,
                "keyward")
            .orElseThrow();
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getArgs())
        .contains(
            "--tls-cert=/etc/keyward/tls/tls.crt",
            "--tls-key=/etc/keyward/tls/tls.key",
            "--public-url=https://keyward." + NS + ".svc:8080");
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("tls");
              assertThat(v.getSecret().getSecretName()).isEqualTo("keyward-tls");
            });
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/keyward/tls"));
    assertThatThrownBy(() -> render(Map.of("tls.enabled", true)))
        .hasMessageContaining("tls.secretName is required");
  }

  @Test
  void networkPolicyRendersOnlyWhenEnabledAndKeepsMetricsToTheNamedPeers() {
    assertThat(render(Map.of())).noneMatch(o -> "NetworkPolicy".equals(o.getKind()));

    NetworkPolicy policy =
        HelmChart.named(
                render(
                    Map.of(
                        "networkPolicy.enabled",
                        true,
                        "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.team",
                        "monitoring")),
                NetworkPolicy.class,
                "keyward")
            .orElseThrow();

    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
    // No pod reaches the health port: the kubelet's probes come from the node, always allowed.
    assertThat(rules)
        .flatExtracting(NetworkPolicyIngressRule::getPorts)
        .extracting(p -> p.getPort().getStrVal())
        .containsExactlyInAnyOrder("http", "metrics");
    NetworkPolicyIngressRule metrics =
        rules.stream()
            .filter(r -> "metrics".equals(r.getPorts().get(0).getPort().getStrVal()))
            .findFirst()
            .orElseThrow();
    assertThat(metrics.getFrom())
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("team", "monitoring"));
    // Without metricsFrom, nobody may scrape.
    NetworkPolicy closed =
        HelmChart.named(
                render(Map.of("networkPolicy.enabled", true)), NetworkPolicy.class, "keyward")
            .orElseThrow();
    assertThat(closed.getSpec().getIngress())
        .noneMatch(r -> "metrics".equals(r.getPorts().get(0).getPort().getStrVal()));
  }

  @Test
  void networkPolicyAlsoCoversTheSeparateVerifierPods() {
    List<HasMetadata> objects =
        render(Map.of("networkPolicy.enabled", true, "verifier.separate", true));
    Deployment verifier =
        HelmChart.named(objects, Deployment.class, "keyward-verifier").orElseThrow();

    NetworkPolicy policy =
        HelmChart.named(objects, NetworkPolicy.class, "keyward-verifier").orElseThrow();

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(verifier.getSpec().getSelector().getMatchLabels());
    assertThat(HelmChart.named(objects, NetworkPolicy.class, "keyward")).isPresent();
    assertThat(
            HelmChart.named(
                render(Map.of("networkPolicy.enabled", true)),
                NetworkPolicy.class,
                "keyward-verifier"))
        .isEmpty();
  }

  @Test
  void serviceMonitorRendersOnlyWhenEnabled() {
    assertThat(render(Map.of())).noneMatch(o -> "ServiceMonitor".equals(o.getKind()));
    assertThat(render(Map.of("metrics.serviceMonitor.enabled", true)))
        .anyMatch(o -> "ServiceMonitor".equals(o.getKind()));
  }

  @Test
  void byDefaultTwoReplicasAndADisruptionBudgetKeepOnePodThroughADrain() {
    List<HasMetadata> defaults = render(Map.of());
    assertThat(
            HelmChart.named(defaults, Deployment.class, "keyward")
                .orElseThrow()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
    List<PodDisruptionBudget> budgets = HelmChart.ofType(defaults, PodDisruptionBudget.class);
    assertThat(budgets).hasSize(1);
    assertThat(budgets.get(0).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(budgets.get(0).getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "keyward");

    // The verifier on its own gets a budget of its own; none without one.
    List<PodDisruptionBudget> separate =
        HelmChart.ofType(render(Map.of("verifier.separate", true)), PodDisruptionBudget.class);
    assertThat(separate)
        .extracting(b -> b.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name"))
        .containsExactlyInAnyOrder("keyward", "keyward-verifier");
    assertThat(render(Map.of("podDisruptionBudget.enabled", false)))
        .noneMatch(o -> o instanceof PodDisruptionBudget);
  }

  @Test
  void prometheusRuleRendersOnlyWhenEnabledWithTheConfiguredLeadTimes() {
    assertThat(render(Map.of())).noneMatch(o -> "PrometheusRule".equals(o.getKind()));

    List<HasMetadata> enabled =
        render(
            Map.of(
                "metrics.prometheusRule.enabled",
                true,
                "metrics.prometheusRule.expiresWithinDays",
                14,
                "metrics.prometheusRule.labels.release",
                "prometheus"));
    String yaml =
        HelmChart.render(
            "keyward",
            NS,
            Map.of(
                "metrics.prometheusRule.enabled",
                true,
                "metrics.prometheusRule.expiresWithinDays",
                14));

    HasMetadata rule =
        enabled.stream()
            .filter(o -> "PrometheusRule".equals(o.getKind()))
            .findFirst()
            .orElseThrow();
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(yaml)
        .contains("alert: KeywardCredentialExpiresSoon")
        .contains("keyward_credential_expiration_timestamp_seconds) - time()) < 14 * 86400")
        .contains("alert: KeywardCredentialExpiresVerySoon")
        .contains("time()) < 1 * 86400")
        .contains("alert: KeywardCredentialInvalid")
        .contains("alert: KeywardCredentialUnused")
        .contains("keyward_credential_last_used_timestamp_seconds) > 90 * 86400")
        .contains("{{ $labels.kind }} {{ $labels.namespace }}/{{ $labels.name }} expires in");
  }

  @Test
  void expiryWarningLeadTimesReachTheOperator() {
    assertThat(operatorArgs(render(Map.of())))
        .contains("--expiry-warnings=168h,24h", "--last-use-interval=5m");
    assertThat(operatorArgs(HelmChart.renderObjects("keyward", NS, "expiryWarnings: [48h]")))
        .contains("--expiry-warnings=48h");
    assertThat(operatorArgs(HelmChart.renderObjects("keyward", NS, "expiryWarnings: []")))
        .contains("--expiry-warnings=none");
  }

  private static List<String> operatorArgs(List<HasMetadata> rendered) {
    return HelmChart.named(rendered, Deployment.class, "keyward")
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getArgs();
  }

  @Test
  void aggregatedRolesExtendViewEditAndAdminWithKeywardResources() {
    List<ClusterRole> roles = HelmChart.ofType(render(Map.of()), ClusterRole.class);
    for (String builtIn : List.of("view", "edit", "admin")) {
      ClusterRole aggregated =
          roles.stream()
              .filter(
                  r ->
                      "true"
                          .equals(
                              r.getMetadata()
                                  .getLabels()
                                  .get("rbac.authorization.k8s.io/aggregate-to-" + builtIn)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("nothing aggregates to " + builtIn));
      PolicyRule resources = rule(aggregated, "keyward.dev", "apitokens");
      assertThat(resources.getResources()).contains("apiusers", "applications");
      if (builtIn.equals("view")) {
        assertThat(resources.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
      } else {
        assertThat(resources.getVerbs()).contains("create", "update", "delete");
      }
    }
  }

  @Test
  void chartShipsTheClusterRolesOfItsRoleMapFromTheFileLocalModeReads() throws Exception {
    List<HasMetadata> objects = render(Map.of());
    List<ClusterRole> shipped;
    try (var in =
        java.nio.file.Files.newInputStream(
            HelmChart.directory().resolve("files/project-cluster-roles.yaml"))) {
      shipped =
          io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in) instanceof List<?> list
              ? list.stream().map(ClusterRole.class::cast).toList()
              : List.of();
    }
    assertThat(shipped)
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder("keyward-researcher", "keyward-editor", "keyward-administrator");
    for (ClusterRole file : shipped) {
      ClusterRole rendered =
          HelmChart.named(objects, ClusterRole.class, file.getMetadata().getName()).orElseThrow();
      assertThat(rendered.getRules()).isEqualTo(file.getRules());
      assertThat(rendered.getMetadata().getLabels()).containsKey("app.kubernetes.io/instance");
      // Namespaced rules only, and nothing that hands out rights.
      assertThat(rendered.getRules())
          .allSatisfy(
              r -> {
                assertThat(r.getApiGroups()).doesNotContain("rbac.authorization.k8s.io", "*");
                assertThat(r.getResources()).doesNotContain("*", "namespaces", "nodes");
                assertThat(r.getVerbs()).doesNotContain("*", "bind", "escalate", "impersonate");
              });
    }
    RoleMap defaults =
        RoleMapSource.parse(
            HelmChart.directory().resolve("../../config/role-map.yaml").normalize());
    assertThat(defaults.roles().values())
        .extracting(RoleMap.Role::clusterRole)
        .filteredOn(java.util.Objects::nonNull)
        .allSatisfy(
            name -> assertThat(HelmChart.named(objects, ClusterRole.class, name)).isPresent());
    assertThat(
            HelmChart.named(
                render(Map.of("rbac.projectClusterRoles", false)),
                ClusterRole.class,
                "keyward-editor"))
        .isEmpty();
  }

  @Test
  void admissionPolicyRendersFromTheRoleMapAndCanBeTurnedOff() {
    List<HasMetadata> objects = render(Map.of());
    var policy =
        HelmChart.ofType(
                objects,
                io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy
                    .class)
            .stream()
            .filter(p -> p.getMetadata().getName().endsWith("applications"))
            .findFirst()
            .orElseThrow();
    String expressions =
        policy.getSpec().getVariables().stream()
                .map(v -> v.getName() + "=" + v.getExpression())
                .toList()
            + " "
            + policy.getSpec().getValidations();
    assertThat(expressions)
        .contains("clusterRoles={\"administrator\":\"keyward-administrator\"")
        .contains("check('assign')")
        .contains("check('bind')")
        .contains("keyward.dev/rolebindings");
    assertThat(objects).anyMatch(o -> "ValidatingAdmissionPolicyBinding".equals(o.getKind()));
    assertThat(render(Map.of("admission.enabled", false)))
        .noneMatch(o -> o.getKind().startsWith("ValidatingAdmissionPolicy"));
  }

  @Test
  void aggregatedRolesLetOnlyNamespaceAdminsWriteGrantsAndNeverGrantAssign() {
    List<ClusterRole> roles = HelmChart.ofType(render(Map.of()), ClusterRole.class);
    for (String builtIn : List.of("view", "edit", "admin")) {
      ClusterRole aggregated =
          HelmChart.named(
                  roles.stream().map(HasMetadata.class::cast).toList(),
                  ClusterRole.class,
                  "keyward-" + builtIn)
              .orElseThrow();
      PolicyRule grants = rule(aggregated, "keyward.dev", "accessgrants");
      if (builtIn.equals("admin")) {
        assertThat(grants.getVerbs()).contains("create", "update", "delete");
      } else {
        assertThat(grants.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
      }
      assertThat(aggregated.getRules())
          .allSatisfy(
              r -> {
                assertThat(r.getResources()).doesNotContain("roles", "groups");
                assertThat(r.getVerbs()).doesNotContain("assign", "bind");
              });
    }
  }

  @Test
  void schemaRefusesBuiltInAndSystemClusterRolesAsRoleMapTargets() {
    for (String target : List.of("cluster-admin", "admin", "edit", "system:aggregate-to-edit")) {
      assertThatThrownBy(() -> render(Map.of("roleMap.roles.editor.clusterRole", target)))
          .as(target)
          .hasMessageContaining("clusterRole");
    }
    assertThat(render(Map.of("roleMap.roles.editor.clusterRole", "team-editor"))).isNotEmpty();
  }

  @Test
  void deniedNamespacesAndSweepIntervalReachTheOperator() {
    List<String> args =
        HelmChart.named(
                render(
                    Map.of("deniedNamespaces[0]", "kube-*", "deniedNamespaces[1]", "platform-*")),
                Deployment.class,
                "keyward")
            .orElseThrow()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    assertThat(args)
        .contains("--denied-namespaces=kube-*,platform-*", "--orphan-sweep-interval=5m");
  }

  @Test
  void schemaRejectsValuesOfTheWrongShape() {
    assertThatThrownBy(() -> render(Map.of("replicas", 0))).hasMessageContaining("replicas");
    assertThatThrownBy(() -> render(Map.of("logFormat", "xml"))).hasMessageContaining("logFormat");
    assertThatThrownBy(() -> render(Map.of("tokenPrefix", "Bad_Prefix")))
        .hasMessageContaining("tokenPrefix");
    assertThatThrownBy(() -> render(Map.of("unknownOption", true)))
        .hasMessageContaining("unknownOption");
  }
}
