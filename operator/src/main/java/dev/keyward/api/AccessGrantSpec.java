package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What an AccessGrant consents to: sources, roles and kinds of delivery. */
@JsonClassDescription("Sources allowed into this namespace, the roles they may hold, and for what.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.kinds) && !self.kinds.exists(k, k == 'RoleBinding'))"
            + " || (has(self.roles) && size(self.roles) > 0)",
    message = "roles must name at least one role when the grant admits RoleBinding (the default)")
public class AccessGrantSpec {

  /** Roles bound for Applications (the only kind implemented so far). */
  public static final String ROLE_BINDING = "RoleBinding";

  /** Delivering a token's or Application's Secret into this namespace. */
  public static final String SECRET = "Secret";

  @JsonPropertyDescription(
      "Where the Applications (or, for kind Secret, ApiTokens) come from: a namespace, optionally"
          + " one Application or ApiToken in it. A source matches when any entry matches.")
  @Required
  @Size(min = 1, max = 32)
  private List<AccessGrantSource> from = new ArrayList<>();

  @JsonPropertyDescription(
      "Role-map roles an Application from a source may have bound in this namespace (for"
          + " example researcher). A role not listed is not bound here. Required (at least one)"
          + " when kinds admits RoleBinding; unused by kind Secret.")
  @Size(max = 16)
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "roles must not contain duplicates")
  @ValidationRule(
      value = KeywardResource.NAMES_RULE,
      message = "each role must be 1-63 lowercase letters, digits, '.', '_', ':' or '-'")
  private List<@Size(max = 63) String> roles = new ArrayList<>();

  @JsonPropertyDescription(
      "What the grant lets land in this namespace: RoleBinding (an Application's roles bound"
          + " here, the default) and Secret (a copy of an ApiToken's or Application's Secret,"
          + " asked for with spec.secret.deliverTo).")
  @Size(min = 1, max = 2)
  @ValidationRule(
      value = "self.all(x, x == 'RoleBinding' || x == 'Secret')",
      message = "kinds may contain only RoleBinding and Secret")
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "kinds must not contain duplicates")
  private List<@Size(max = 32) String> kinds;

  public List<AccessGrantSource> getFrom() {
    return from;
  }

  public void setFrom(List<AccessGrantSource> from) {
    this.from = from;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }

  public List<String> getKinds() {
    return kinds;
  }

  public void setKinds(List<String> kinds) {
    this.kinds = kinds;
  }

  /** Kinds in effect: RoleBinding when none are given. */
  public List<String> kindsOrDefault() {
    return kinds == null || kinds.isEmpty() ? List.of(ROLE_BINDING) : kinds;
  }
}
