package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of an ApiUser. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiUserStatus extends KeywardStatus {

  @JsonPropertyDescription("Stable unique id of the user (a UUID), kept for its whole life.")
  private String id;

  @JsonPropertyDescription("The effective username (spec.username or metadata.name).")
  private String username;

  @JsonPropertyDescription("Number of ApiTokens in the namespace that this user owns.")
  private Integer tokenCount;

  @JsonPropertyDescription("Name of the Secret that holds a generated password.")
  private String passwordSecretName;

  @JsonPropertyDescription(
      "Resource version of the user-supplied password Secret that the password record was computed"
          + " from.")
  private String passwordSecretVersion;

  public String getPasswordSecretVersion() {
    return passwordSecretVersion;
  }

  public void setPasswordSecretVersion(String passwordSecretVersion) {
    this.passwordSecretVersion = passwordSecretVersion;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public Integer getTokenCount() {
    return tokenCount;
  }

  public void setTokenCount(Integer tokenCount) {
    this.tokenCount = tokenCount;
  }

  public String getPasswordSecretName() {
    return passwordSecretName;
  }

  public void setPasswordSecretName(String passwordSecretName) {
    this.passwordSecretName = passwordSecretName;
  }
}
