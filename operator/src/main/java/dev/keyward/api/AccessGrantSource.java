package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One source an AccessGrant admits: a namespace, optionally narrowed to one Application. */
@JsonClassDescription("A namespace, and optionally one Application in it, that the grant admits.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessGrantSource {

  @JsonPropertyDescription("Namespace of the Applications admitted.")
  @Required
  @Size(min = 1, max = 63)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')",
      message = "namespace must be a namespace name (lowercase letters, digits and '-')")
  private String namespace;

  @JsonPropertyDescription(
      "Name of the one Application admitted; empty admits every Application of the namespace.")
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$')",
      message = "application must be a resource name (lowercase letters, digits, '-' and '.')")
  private String application;

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

  public String getApplication() {
    return application;
  }

  public void setApplication(String application) {
    this.application = application;
  }
}
