package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Status fields every Keyward resource reports, following Kubernetes conventions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class KeywardStatus {

  @JsonPropertyDescription("One-word summary of the resource's state; conditions hold the details.")
  private String phase;

  @JsonPropertyDescription("The metadata.generation that this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Standard conditions: Ready plus specific ones; each with a reason and a message.")
  private List<Condition> conditions = new ArrayList<>();

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
