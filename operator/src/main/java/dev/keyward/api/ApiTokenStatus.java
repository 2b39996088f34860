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

  @JsonPropertyDescription(
      "When the verifier last accepted this token (RFC 3339), recorded at most once per"
          + " --last-use-interval (default 5m), so it may lag the real last use by that much.")
  private String lastUsedAt;

  @JsonPropertyDescription("The client address of that last use, as the verifier saw it.")
  private String lastUsedFrom;

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

  public String getLastUsedAt() {
    return lastUsedAt;
  }

  public void setLastUsedAt(String lastUsedAt) {
    this.lastUsedAt = lastUsedAt;
  }

  public String getLastUsedFrom() {
    return lastUsedFrom;
  }

  public void setLastUsedFrom(String lastUsedFrom) {
    this.lastUsedFrom = lastUsedFrom;
  }
}
