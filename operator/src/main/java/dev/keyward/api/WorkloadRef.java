package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A workload in the credential's namespace that reads its Secret and is restarted on rotation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkloadRef {

  @JsonPropertyDescription(
      "The workload's kind: Deployment, StatefulSet or DaemonSet (apps/v1), in the credential's"
          + " own namespace.")
  @Required
  @ValidationRule(
      value = "self in ['Deployment', 'StatefulSet', 'DaemonSet']",
      message = "kind must be Deployment, StatefulSet or DaemonSet")
  @Size(max = 16)
  private String kind;

  @JsonPropertyDescription("The workload's name, in the credential's own namespace.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  public WorkloadRef() {}

  public WorkloadRef(String kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkloadRef other
        && Objects.equals(kind, other.kind)
        && Objects.equals(name, other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name);
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
