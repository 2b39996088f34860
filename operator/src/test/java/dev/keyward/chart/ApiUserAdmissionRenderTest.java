package dev.keyward.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.testing.HelmChart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ApiUser admission policy as rendered: on by default, gone when disabled, never granted. */
class ApiUserAdmissionRenderTest {

  @Test
  void thePolicyAndItsBindingAreRenderedUnlessDisabled() {
    List<HasMetadata> on = HelmChart.renderObjects("kw", "keyward-system", Map.of());
    List<HasMetadata> off =
        HelmChart.renderObjects("kw", "keyward-system", Map.of("admission.enabled", false));

    ValidatingAdmissionPolicy policy =
        HelmChart.named(on, ValidatingAdmissionPolicy.class, "kw-keyward-apiuser-assign")
            .orElseThrow();
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(
            HelmChart.named(
                on, ValidatingAdmissionPolicyBinding.class, "kw-keyward-apiuser-assign"))
        .hasValueSatisfying(
            b -> {
              assertThat(b.getSpec().getPolicyName()).isEqualTo("kw-keyward-apiuser-assign");
              assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
            });
    assertThat(HelmChart.named(off, ValidatingAdmissionPolicy.class, "kw-keyward-apiuser-assign"))
        .isEmpty();
    assertThat(
            HelmChart.named(
                off, ValidatingAdmissionPolicyBinding.class, "kw-keyward-apiuser-assign"))
        .isEmpty();
  }

  @Test
  void noClusterRoleOfTheChartGrantsAssign() {
    List<HasMetadata> objects = HelmChart.renderObjects("kw", "keyward-system", Map.of());

    assertThat(HelmChart.ofType(objects, ClusterRole.class))
        .isNotEmpty()
        .allSatisfy(
            role ->
                assertThat(role.getRules())
                    .noneSatisfy(
                        rule -> {
                          assertThat(rule.getVerbs()).containsAnyOf("assign", "*");
                        }));
  }
}
