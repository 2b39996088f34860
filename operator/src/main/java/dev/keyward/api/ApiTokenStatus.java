package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of an ApiToken. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiTokenStatus extends CredentialStatus {

  @JsonPropertyDescription("Stable unique id of the token (a UUID).")
  private String id;

  @JsonPropertyDescription("Stable id of the owning ApiUser.")
  private String owner;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }
}
