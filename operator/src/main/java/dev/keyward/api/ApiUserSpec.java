package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of an ApiUser. */
@JsonClassDescription("An API identity that owns tokens: username, profile, groups, roles.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.username) == has(oldSelf.username)"
            + " && (!has(self.username) || self.username == oldSelf.username)",
    message = "username is immutable: create a new ApiUser instead")
public class ApiUserSpec {

  @JsonPropertyDescription(
      "Login name, unique in the namespace (the oldest ApiUser keeps it; a later one is Invalid,"
          + " UsernameTaken) and immutable; backends tell people apart by <namespace>/<username>."
          + " Lowercase letters, digits, '.', '_' and '-', starting and ending with a letter or"
          + " digit; not a UUID. Defaults to metadata.name.")
  // Refusals name the reasons Sunbird gives for a consumer name (missing, has a space, is a UUID).
  @Size(max = 64)
  @ValidationRule(
      value = "size(self) > 0",
      message = "username is missing (empty): set one, or leave the field out to use metadata.name")
  @ValidationRule(
      value = "!self.contains(' ')",
      message =
          "username has a space: spaces are not allowed; use lowercase letters, digits, '.', '_'"
              + " and '-'")
  @ValidationRule(
      value =
          "size(self) == 0 || self.contains(' ') || self.matches('^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$')",
      message =
          "username may contain only lowercase letters, digits, '.', '_' and '-', and must start"
              + " and end with a letter or digit (no spaces, capitals or non-ASCII characters)")
  @ValidationRule(
      value =
          "!self.matches('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')",
      message =
          "username is a UUID, which is not allowed: UUIDs are reserved for ids (Kong and"
              + " Sunbird refuse them as consumer names too)")
  private String username;

  @JsonPropertyDescription("Contact e-mail address.")
  @Size(max = 254)
  @ValidationRule(
      value = "self.matches('^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$')",
      message = "email must be an address such as jane@example.com")
  private String email;

  @JsonPropertyDescription("Human-readable name shown by whoami.")
  @Size(max = 256)
  private String displayName;

  @JsonPropertyDescription(
      "Groups the user belongs to (for example admin). Groups can carry scopes through the role"
          + " map; the admin scope requires the admin group. Adding a group requires the verb"
          + " assign on keyward.dev groups/<group> (admission policy).")
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "groups must not contain duplicates")
  @ValidationRule(
      value = KeywardResource.NAMES_RULE,
      message = "each of groups must be 1-63 lowercase letters, digits, '.', '_', ':' or '-'")
  private List<@Size(max = 63) String> groups;

  @JsonPropertyDescription(
      "Roles from the operator's role map; together with groups they bound the scopes that the"
          + " user's tokens may carry. Adding a role requires the verb assign on keyward.dev"
          + " roles/<role> (admission policy).")
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "roles must not contain duplicates")
  @ValidationRule(
      value = KeywardResource.NAMES_RULE,
      message = "each of roles must be 1-63 lowercase letters, digits, '.', '_', ':' or '-'")
  private List<@Size(max = 63) String> roles;

  @JsonPropertyDescription(
      "Whether the user and every credential it owns may verify. Defaults to true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription("Optional password for login; hashed with Argon2id, never stored plain.")
  private PasswordSpec password;

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }

  public PasswordSpec getPassword() {
    return password;
  }

  public void setPassword(PasswordSpec password) {
    this.password = password;
  }
}
