package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** Where and how the generated plaintext is delivered: the only place it ever lives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretTemplate {

  @JsonPropertyDescription(
      "Name of the Secret that receives the plaintext, in the resource's namespace."
          + " Defaults to the resource's name.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription(
      "Key inside the Secret's data that holds the plaintext. Defaults to 'token' for tokens"
          + " and 'appSecret' for applications.")
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  private String key;

  @JsonPropertyDescription(
      "Labels added to the Secret; re-applied by the operator if they are removed. At most 64,"
          + " values up to 63 characters (the Kubernetes limit for label values).")
  @Size(max = 64)
  private Map<String, @Size(max = 63) String> labels;

  @JsonPropertyDescription(
      "Annotations added to the Secret; re-applied by the operator if they are removed. At most"
          + " 64, values up to 4096 characters.")
  @Size(max = 64)
  private Map<String, @Size(max = 4096) String> annotations;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
