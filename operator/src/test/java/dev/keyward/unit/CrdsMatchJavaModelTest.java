package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checked-in CRDs (crds/ and the Helm chart) are exactly what the CRD generator makes of the
 * Java model. Run scripts/update-crds.sh after changing the model.
 */
class CrdsMatchJavaModelTest {

  private static final Path GENERATED =
      Path.of(System.getProperty("keyward.generated.crds", "target/classes/META-INF/fabric8"));
  private static final Path ROOT = Path.of(System.getProperty("keyward.repo.root", ".."));

  @ParameterizedTest
  @ValueSource(strings = {"apiusers", "apitokens", "applications"})
  void checkedInCrdMatchesTheGeneratedOne(String plural) throws IOException {
    String generated = Files.readString(GENERATED.resolve(plural + ".keyward.dev-v1.yml"));

    for (Path copy :
        List.of(
            ROOT.resolve("crds").resolve(plural + ".keyward.dev.yaml"),
            ROOT.resolve("helm/keyward/crds").resolve(plural + ".keyward.dev.yaml"))) {
      assertThat(copy).exists();
      assertThat(Files.readString(copy))
          .as("%s drifted from the Java model: run scripts/update-crds.sh", copy)
          .isEqualTo(generated);
    }
  }
}
