package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How a rotated-out key is retired. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Rotation {

  @JsonPropertyDescription(
      "How long the previous key keeps verifying after a rotation, as a Go duration"
          + " (for example 10m or 24h), at most 720h. Absent or 0s: the previous key stops at"
          + " once.")
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.DURATION_RULE,
      message = "gracePeriod must be a duration such as 30s, 10m or 24h")
  @ValidationRule(
      value = "!" + KeywardResource.DURATION_RULE + " || duration(self) <= duration('720h')",
      message = "gracePeriod must be at most 720h (30 days)")
  private String gracePeriod;

  public String getGracePeriod() {
    return gracePeriod;
  }

  public void setGracePeriod(String gracePeriod) {
    this.gracePeriod = gracePeriod;
  }
}
