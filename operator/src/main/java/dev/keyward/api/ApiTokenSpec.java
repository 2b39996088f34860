package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of an ApiToken. */
@JsonClassDescription("A personal API key: owner, scopes, enabled state, expiry and rotation.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiTokenSpec extends CredentialSpec {

  @JsonPropertyDescription("Name of the ApiUser in the same namespace that owns the token.")
  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')",
      message = "user must be the metadata.name of an ApiUser in this namespace")
  private String user;

  @JsonPropertyDescription("What the token is for, shown to people; never used for decisions.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription(
      "API scopes the token carries. Each must lie within the owner's roles and groups as the"
          + " role map defines them; the admin scope requires the admin group.")
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "scopes must not contain duplicates")
  @ValidationRule(
      value = KeywardResource.NAMES_RULE,
      message = "each scope must be 1-63 lowercase letters, digits, '.', '_', ':' or '-'")
  private List<@Size(max = 63) String> scopes;

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }
}
