package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.Rotation;
import dev.keyward.lifecycle.SpecCheck;
import org.junit.jupiter.api.Test;

/** The operator's own check of what the schema normally refuses: a problem, never a crash. */
class SpecCheckTest {

  private static ApiTokenSpec spec(
      String expires, String lifetime, String renewBefore, String grace) {
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setExpires(expires);
    spec.setLifetime(lifetime);
    spec.setRenewBefore(renewBefore);
    if (grace != null) {
      Rotation rotation = new Rotation();
      rotation.setGracePeriod(grace);
      spec.setRotation(rotation);
    }
    return spec;
  }

  @Test
  void validSpecsHaveNoProblem() {
    assertThat(SpecCheck.problem(spec(null, null, null, null))).isEmpty();
    assertThat(SpecCheck.problem(spec("2030-01-01T00:00:00Z", null, null, "1h"))).isEmpty();
    assertThat(SpecCheck.problem(spec(null, "720h", "168h", "10m"))).isEmpty();
  }

  @Test
  void eachInvalidFieldIsNamed() {
    assertThat(SpecCheck.problem(spec("tomorrow", null, null, null)))
        .hasValueSatisfying(p -> assertThat(p).contains("expires"));
    assertThat(SpecCheck.problem(spec(null, "30d", null, null)))
        .hasValueSatisfying(p -> assertThat(p).contains("lifetime"));
    assertThat(SpecCheck.problem(spec(null, "30s", null, null)))
        .hasValueSatisfying(p -> assertThat(p).contains("at least 1m"));
    assertThat(SpecCheck.problem(spec(null, "1h", "2h", null)))
        .hasValueSatisfying(p -> assertThat(p).contains("shorter than lifetime"));
    assertThat(SpecCheck.problem(spec(null, null, "1h", null)))
        .hasValueSatisfying(p -> assertThat(p).contains("renewBefore"));
    assertThat(SpecCheck.problem(spec(null, null, null, "soon")))
        .hasValueSatisfying(p -> assertThat(p).contains("gracePeriod"));
    assertThat(SpecCheck.problem(spec("2030-01-01T00:00:00Z", "1h", null, null)))
        .hasValueSatisfying(p -> assertThat(p).contains("mutually exclusive"));
  }
}
