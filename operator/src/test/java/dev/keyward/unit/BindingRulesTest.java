package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.AccessGrantSource;
import dev.keyward.api.AccessGrantSpec;
import dev.keyward.rbac.BindingLimits;
import dev.keyward.rbac.BindingRules;
import dev.keyward.rbac.Refusal;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the operator lets an Application's role be bound, with no admission policy to help. */
class BindingRulesTest {

  private static final RoleMap.Role RESEARCHER =
      new RoleMap.Role(List.of("jobs.read"), "keyward-researcher");
  private final BindingRules rules =
      new BindingRules(
          new BindingLimits("keyward-system", BindingLimits.DEFAULT_DENIED, Duration.ofMinutes(5)));

  private static AccessGrant grant(String from, String application, String... roles) {
    AccessGrant grant = new AccessGrant();
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setFrom(List.of(new AccessGrantSource(from, application)));
    spec.setRoles(List.of(roles));
    grant.setSpec(spec);
    return grant;
  }

  private Optional<Refusal.Kind> check(
      String project, RoleMap.Role role, Map<String, String> labels, List<AccessGrant> grants) {
    return rules
        .check("team-a", "pipeline", "researcher", role, project, labels, grants)
        .map(Refusal::kind);
  }

  @Test
  void theOwnNamespaceNeedsNoGrant() {
    assertThat(check("team-a", RESEARCHER, Map.of(), List.of())).isEmpty();
  }

  @Test
  void anotherNamespaceNeedsAGrantNamingTheSourceAndTheRole() {
    assertThat(check("team-b", RESEARCHER, Map.of(), List.of()))
        .contains(Refusal.Kind.GrantMissing);
    assertThat(check("team-b", RESEARCHER, Map.of(), List.of(grant("team-a", null, "researcher"))))
        .isEmpty();
    assertThat(check("team-b", RESEARCHER, Map.of(), List.of(grant("team-c", null, "researcher"))))
        .contains(Refusal.Kind.GrantMissing);
    assertThat(check("team-b", RESEARCHER, Map.of(), List.of(grant("team-a", null, "editor"))))
        .contains(Refusal.Kind.GrantMissing);
  }

  @Test
  void aGrantNarrowedToOneApplicationAdmitsOnlyThatOne() {
    assertThat(
            check(
                "team-b", RESEARCHER, Map.of(), List.of(grant("team-a", "pipeline", "researcher"))))
        .isEmpty();
    assertThat(
            check(
                "team-b", RESEARCHER, Map.of(), List.of(grant("team-a", "notebook", "researcher"))))
        .contains(Refusal.Kind.GrantMissing);
  }

  @Test
  void aGrantForSecretDeliveryOnlyDoesNotAdmitABinding() {
    AccessGrant secretsOnly = grant("team-a", null, "researcher");
    secretsOnly.getSpec().setKinds(List.of(AccessGrantSpec.SECRET));

    assertThat(check("team-b", RESEARCHER, Map.of(), List.of(secretsOnly)))
        .contains(Refusal.Kind.GrantMissing);
  }

  @Test
  void kubeNamespacesAndTheOperatorsOwnAreDeniedWhateverTheGrants() {
    List<AccessGrant> granted = List.of(grant("team-a", null, "researcher"));
    for (String denied :
        List.of("kube-system", "kube-public", "kube-node-lease", "keyward-system")) {
      assertThat(check(denied, RESEARCHER, Map.of(), granted))
          .as(denied)
          .contains(Refusal.Kind.NamespaceDenied);
    }
    assertThat(check("kubeflow", RESEARCHER, Map.of(), granted)).isEmpty();
  }

  @Test
  void theDenyListIsConfigurableWithPatterns() {
    BindingLimits limits =
        new BindingLimits(null, List.of("kube-*", "*-system", "platform"), Duration.ofMinutes(5));

    assertThat(limits.refusal("istio-system")).isPresent();
    assertThat(limits.refusal("platform")).isPresent();
    assertThat(limits.refusal("platform-team")).isEmpty();
    assertThat(limits.refusal("team-a")).isEmpty();
    assertThat(new BindingLimits(null, List.of(), null).refusal("kube-system")).isEmpty();
  }

  @Test
  void theRoleMapRestrictsARoleToListedOrLabelledNamespaces() throws Exception {
    RoleMap map =
        RoleMapSource.parse(
            new ByteArrayInputStream(
                """
                roles:
                  listed:
                    scopes: []
                    clusterRole: keyward-researcher
                    namespaces: [team-a, team-b]
                  labelled:
                    scopes: []
                    clusterRole: keyward-researcher
                    namespaceSelector:
                      matchLabels: {tier: research}
                """
                    .getBytes(StandardCharsets.UTF_8)));
    RoleMap.Role listed = map.role("listed").orElseThrow();
    RoleMap.Role labelled = map.role("labelled").orElseThrow();
    List<AccessGrant> granted = List.of(grant("team-a", null, "researcher"));

    assertThat(check("team-b", listed, Map.of(), granted)).isEmpty();
    assertThat(check("team-c", listed, Map.of(), List.of(grant("team-a", null, "researcher"))))
        .contains(Refusal.Kind.NamespaceNotAllowed);
    assertThat(check("team-a", labelled, Map.of("tier", "research"), List.of())).isEmpty();
    assertThat(check("team-a", labelled, Map.of("tier", "prod"), List.of()))
        .contains(Refusal.Kind.NamespaceNotAllowed);
    assertThat(check("team-a", labelled, Map.of(), List.of()))
        .contains(Refusal.Kind.NamespaceNotAllowed);
  }

  @Test
  void refusalsNameTheRoleTheNamespaceAndTheMissingGrant() {
    Refusal refusal =
        rules
            .check("team-a", "pipeline", "researcher", RESEARCHER, "team-b", Map.of(), List.of())
            .orElseThrow();

    assertThat(refusal.describe())
        .contains("researcher in team-b")
        .contains("no AccessGrant in namespace team-b")
        .contains("from namespace team-a");
  }
}
