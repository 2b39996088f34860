package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of an ApiToken. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiTokenStatus extends CredentialStatus {

  @JsonPropertyDescription("Stable unique id of the token (a UUID).")
  private String id;

  @JsonPropertyDescription(
      "Uid of the ApiUser the token is bound to, recorded when it first found its owner. An ApiUser"
          + " of the same name with another uid (deleted and re-created) does not inherit the"
          + " token: it becomes Invalid (OwnerReplaced) until the keyward.dev/rotate annotation"
          + " re-binds it with a new key.")
  private String owner;

  @JsonPropertyDescription(
      "The scopes the operator approved against the owner's roles and groups at"
          + " observedGeneration; verification answers with these (never with unjudged"
          + " spec.scopes), narrowed at once when spec.scopes drops one.")
  private List<String> approvedScopes;

  public List<String> getApprovedScopes() {
    return approvedScopes;
  }

  public void setApprovedScopes(List<String> approvedScopes) {
    this.approvedScopes = approvedScopes;
  }

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
