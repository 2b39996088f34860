package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.rbac.OrphanBindings;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanBindingsTest {

  private static RoleBinding binding(String name, Map<String, String> labels) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("team-a")
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  @Test
  void onlyKeywardBindingsOfApplicationsThatAreGoneAreOrphans() {
    RoleBinding live =
        binding(
            "live",
            Map.of("app.kubernetes.io/managed-by", "keyward", "keyward.dev/application-uid", "u1"));
    RoleBinding gone =
        binding(
            "gone",
            Map.of("app.kubernetes.io/managed-by", "keyward", "keyward.dev/application-uid", "u2"));
    RoleBinding foreign = binding("foreign", Map.of("keyward.dev/application-uid", "u3"));
    RoleBinding unlabelled =
        binding("unlabelled", Map.of("app.kubernetes.io/managed-by", "keyward"));

    assertThat(OrphanBindings.among(List.of(live, gone, foreign, unlabelled), Set.of("u1")))
        .containsExactly(gone);
  }
}
