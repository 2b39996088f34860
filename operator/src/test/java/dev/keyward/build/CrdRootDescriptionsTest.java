package dev.keyward.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CrdRootDescriptionsTest {

  private static final String CRD =
      """
      spec:
        versions:
        - name: "v1alpha1"
          schema:
            openAPIV3Schema:
              properties:
                spec:
                  description: "The spec."
      """
          .stripIndent();

  @Test
  void placesTheKindDescriptionAtTheRootOfTheSchema() throws IOException {
    String described = CrdRootDescriptions.withRootDescription(CRD, "Says \"what\" it is.");

    assertThat(described)
        .contains(
            """
                  openAPIV3Schema:
                    description: "Says \\"what\\" it is."
                    properties:
            """);
  }

  @Test
  void leavesAnAlreadyDescribedSchemaAlone() throws IOException {
    String once = CrdRootDescriptions.withRootDescription(CRD, "First.");

    assertThat(CrdRootDescriptions.withRootDescription(once, "Second.")).isEqualTo(once);
  }
}
