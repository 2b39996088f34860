package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every field of every CRD carries a description, so that {@code kubectl explain} documents it. */
class CrdSchemaDocumentationTest {

  @ParameterizedTest
  @ValueSource(strings = {"apiusers", "apitokens", "applications"})
  void everyFieldHasADescription(String plural) throws IOException {
    CustomResourceDefinition crd;
    Path file =
        Path.of(System.getProperty("keyward.repo.root", ".."))
            .resolve("crds/" + plural + ".keyward.dev.yaml");
    try (InputStream in = Files.newInputStream(file)) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<String> undocumented = new ArrayList<>();

    collectUndocumented("", root, undocumented);

    assertThat(undocumented).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"apiusers", "apitokens", "applications"})
  void specAndStatusAreDocumented(String plural) throws IOException {
    Path file =
        Path.of(System.getProperty("keyward.repo.root", ".."))
            .resolve("crds/" + plural + ".keyward.dev.yaml");
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(file)) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    Map<String, JSONSchemaProps> top =
        crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties();

    assertThat(top.get("spec").getDescription()).isNotBlank();
    assertThat(top.get("status").getDescription()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"apiusers", "apitokens", "applications"})
  void kindItselfIsDocumented(String plural) throws IOException {
    Path file =
        Path.of(System.getProperty("keyward.repo.root", ".."))
            .resolve("crds/" + plural + ".keyward.dev.yaml");
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(file)) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }

    assertThat(crd.getSpec().getVersions())
        .allSatisfy(
            version ->
                assertThat(version.getSchema().getOpenAPIV3Schema().getDescription())
                    .as("%s %s has no kind-level description", plural, version.getName())
                    .isNotBlank());
  }

  private static void collectUndocumented(String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) -> {
                String childPath = path.isEmpty() ? name : path + "." + name;
                if (child.getDescription() == null || child.getDescription().isBlank()) {
                  out.add(childPath);
                }
                collectUndocumented(childPath, child, out);
              });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndocumented(path + "[]", schema.getItems().getSchema(), out);
    }
  }
}
