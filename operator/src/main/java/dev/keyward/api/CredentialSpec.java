package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What every credential that Keyward issues shares: enabled state, expiry, rotation, Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.expires) && has(self.lifetime))",
    message =
        "expires and lifetime are mutually exclusive: set an absolute expiry or a rolling lifetime,"
            + " not both")
@ValidationRule(
    value = "!has(self.renewBefore) || has(self.lifetime)",
    message = "renewBefore needs lifetime: only a rolling credential is renewed")
@ValidationRule(
    value =
        "!has(self.renewBefore) || !has(self.lifetime)"
            + " || !self.lifetime.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')"
            + " || !self.renewBefore.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')"
            + " || duration(self.renewBefore) < duration(self.lifetime)",
    message = "renewBefore must be shorter than lifetime")
public abstract class CredentialSpec {

  @JsonPropertyDescription(
      "Whether the credential verifies. Disabling keeps the key: re-enabling restores the same"
          + " key. Defaults to true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription(
      "Absolute expiry (RFC 3339, for example 2027-01-31T00:00:00Z). Absent: never expires."
          + " Mutually exclusive with lifetime.")
  @Size(max = 64)
  @ValidationRule(
      value =
          "self.matches('^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]+)?(Z|z|[+-][0-9]{2}:[0-9]{2})$')",
      message = "expires must be an RFC 3339 time such as 2027-01-31T00:00:00Z")
  private String expires;

  @JsonPropertyDescription(
      "Rolling lifetime of each key as a Go duration (for example 720h), from 1m to 87600h: a"
          + " new key is issued renewBefore ahead of expiry, indefinitely. Mutually exclusive with"
          + " expires.")
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.DURATION_RULE,
      message = "lifetime must be a duration such as 24h or 720h")
  @ValidationRule(
      value = "!" + KeywardResource.DURATION_RULE + " || duration(self) >= duration('1m')",
      message = "lifetime must be at least 1m")
  @ValidationRule(
      value = "!" + KeywardResource.DURATION_RULE + " || duration(self) <= duration('87600h')",
      message = "lifetime must be at most 87600h (10 years)")
  private String lifetime;

  @JsonPropertyDescription(
      "How long before the end of lifetime the next key is issued, as a Go duration. Must be"
          + " shorter than lifetime. Defaults to a third of lifetime.")
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.DURATION_RULE,
      message = "renewBefore must be a duration such as 1h or 168h")
  @ValidationRule(
      value = "!" + KeywardResource.DURATION_RULE + " || duration(self) <= duration('87600h')",
      message = "renewBefore must be at most 87600h (10 years)")
  private String renewBefore;

  @JsonPropertyDescription("What happens to the previous key after a rotation.")
  private Rotation rotation;

  @JsonPropertyDescription("The Secret that receives the plaintext.")
  private SecretTemplate secret;

  @JsonPropertyDescription(
      "Workloads in this namespace that read the Secret once, at start (for example through an"
          + " environment variable), and get one rolling restart after each new key: rotation,"
          + " revocation or reissue. Volume mounts that re-read the file need no restart. A"
          + " workload can also ask for it with the keyward.dev/restart-on-rotation annotation"
          + " naming the Secret.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(w, self.exists_one(x, x.kind == w.kind && x.name == w.name))",
      message = "restartOnRotation lists a workload twice")
  private List<WorkloadRef> restartOnRotation;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }

  public String getExpires() {
    return expires;
  }

  public void setExpires(String expires) {
    this.expires = expires;
  }

  public String getLifetime() {
    return lifetime;
  }

  public void setLifetime(String lifetime) {
    this.lifetime = lifetime;
  }

  public String getRenewBefore() {
    return renewBefore;
  }

  public void setRenewBefore(String renewBefore) {
    this.renewBefore = renewBefore;
  }

  public Rotation getRotation() {
    return rotation;
  }

  public void setRotation(Rotation rotation) {
    this.rotation = rotation;
  }

  public List<WorkloadRef> getRestartOnRotation() {
    return restartOnRotation;
  }

  public void setRestartOnRotation(List<WorkloadRef> restartOnRotation) {
    this.restartOnRotation = restartOnRotation;
  }

  public SecretTemplate getSecret() {
    return secret;
  }

  public void setSecret(SecretTemplate secret) {
    this.secret = secret;
  }
}
