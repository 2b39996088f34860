package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Where and how the generated plaintext is delivered: the only place it ever lives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretTemplate {

  /** Keys under keyward.dev/ (or a subdomain of it) carry Keyward's own records. */
  static final String RESERVED_RULE =
      "self.all(k, !k.startsWith('keyward.dev/') && !k.contains('.keyward.dev/'))";

  static final String RESERVED_MESSAGE =
      "keys under keyward.dev/ are reserved for Keyward and cannot be set in the secret template";

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
          + " values of at most 63 characters; keys under keyward.dev/ are Keyward's own.")
  @Size(max = 64)
  @ValidationRule(
      value = "self.all(k, size(k) <= 317)",
      message = "label keys must be at most 317 characters")
  @ValidationRule(value = RESERVED_RULE, message = RESERVED_MESSAGE)
  private Map<String, @Size(max = 63) String> labels;

  @JsonPropertyDescription(
      "Annotations added to the Secret; re-applied by the operator if they are removed. At most"
          + " 64, values of at most 4096 characters; keys under keyward.dev/ are Keyward's own.")
  @Size(max = 64)
  @ValidationRule(
      value = "self.all(k, size(k) <= 317)",
      message = "annotation keys must be at most 317 characters")
  @ValidationRule(value = RESERVED_RULE, message = RESERVED_MESSAGE)
  private Map<String, @Size(max = 4096) String> annotations;

  /** Most namespaces one Secret may be delivered into. */
  public static final int MAX_DELIVERIES = 16;

  @JsonPropertyDescription(
      "Other namespaces that receive a copy of the Secret (same name, same data), where the pods"
          + " that use the credential run. Each must consent with an AccessGrant of kind Secret"
          + " naming this namespace (and optionally this resource); without one nothing is copied"
          + " there and the SecretDelivered condition names the grant that is missing. Copies"
          + " follow every new key, never replace a Secret Keyward did not deliver from this"
          + " resource, and are removed when the namespace leaves this list, the grant goes, or"
          + " the resource is deleted.")
  @Size(max = MAX_DELIVERIES)
  @ValidationRule(
      value = KeywardResource.UNIQUE_ITEMS_RULE,
      message = "deliverTo must not contain duplicates")
  @ValidationRule(
      value = "self.all(n, n.matches('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))",
      message = "each deliverTo entry must be a namespace name (lowercase letters, digits and '-')")
  private List<@Size(max = 63) String> deliverTo;

  public List<String> getDeliverTo() {
    return deliverTo;
  }

  public void setDeliverTo(List<String> deliverTo) {
    this.deliverTo = deliverTo;
  }

  /** The namespaces asked for, none when absent. */
  public List<String> deliverToOrEmpty() {
    return deliverTo == null ? List.of() : deliverTo;
  }

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
