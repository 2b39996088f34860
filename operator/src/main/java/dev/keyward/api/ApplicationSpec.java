package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of an Application. */
@JsonClassDescription(
    "A client application: roles, the projects (namespaces) it may act in, and its secret.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationSpec extends CredentialSpec {

  @JsonPropertyDescription("What the application is, shown to people.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription(
      "Roles from the operator's role map (for example researcher, editor, administrator). Each"
          + " role's scopes go into the access tokens; a role mapped to a ClusterRole is bound in"
          + " every project.")
  @Size(max = 16)
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "roles must not contain duplicates")
  @ValidationRule(
      value = KeywardResource.NAMES_RULE,
      message = "each role must be 1-63 lowercase letters, digits, '.', '_', ':' or '-'")
  private List<@Size(max = 63) String> roles;

  @JsonPropertyDescription(
      "Namespaces the application may act in; its roles are bound there through RoleBindings.")
  @Size(max = 64)
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "projects must not contain duplicates")
  @ValidationRule(
      value = "self.all(x, x.matches('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))",
      message = "each project must be a namespace name (lowercase letters, digits and '-')")
  private List<@Size(max = 63) String> projects;

  @JsonPropertyDescription(
      "Lifetime of the access tokens minted from the app secret, as a Go duration, at most 24h."
          + " Defaults to 1h.")
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.DURATION_RULE,
      message = "tokenLifetime must be a duration such as 15m or 1h")
  @ValidationRule(
      value = "!" + KeywardResource.DURATION_RULE + " || duration(self) <= duration('24h')",
      message = "tokenLifetime must be at most 24h")
  private String tokenLifetime;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }

  public List<String> getProjects() {
    return projects;
  }

  public void setProjects(List<String> projects) {
    this.projects = projects;
  }

  public String getTokenLifetime() {
    return tokenLifetime;
  }

  public void setTokenLifetime(String tokenLifetime) {
    this.tokenLifetime = tokenLifetime;
  }
}
