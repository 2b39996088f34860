package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One source an AccessGrant admits: a namespace, optionally narrowed to one Application or one
 * ApiToken.
 */
@JsonClassDescription(
    "A namespace, and optionally one Application or one ApiToken in it, that the grant admits.")
@ValidationRule(
    value = "!(has(self.application) && has(self.apiToken))",
    message = "name either an application or an apiToken, not both")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessGrantSource {

  @JsonPropertyDescription("Namespace of the Applications (and ApiTokens) admitted.")
  @Required
  @Size(min = 1, max = 63)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')",
      message = "namespace must be a namespace name (lowercase letters, digits and '-')")
  private String namespace;

  @JsonPropertyDescription(
      "Name of the one Application admitted; with neither application nor apiToken, every"
          + " Application (and, for kind Secret, every ApiToken) of the namespace is admitted.")
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$')",
      message = "application must be a resource name (lowercase letters, digits, '-' and '.')")
  private String application;

  @JsonPropertyDescription(
      "Name of the one ApiToken of the namespace whose Secret may be delivered here (kind"
          + " Secret). A source naming an apiToken admits no Application.")
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$')",
      message = "apiToken must be a resource name (lowercase letters, digits, '-' and '.')")
  private String apiToken;

  public AccessGrantSource() {}

  public AccessGrantSource(String namespace, String application) {
    this.namespace = namespace;
    this.application = application;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getApiToken() {
    return apiToken;
  }

  public void setApiToken(String apiToken) {
    this.apiToken = apiToken;
  }

  public String getApplication() {
    return application;
  }

  public void setApplication(String application) {
    this.application = application;
  }
}
