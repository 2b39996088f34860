package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of a SigningCredential. */
@JsonClassDescription(
    "A signing credential: its owner in the same namespace, algorithm and token lifetime bound.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.user) != has(self.application)",
    message =
        "the owner is missing or ambiguous: set exactly one of user and application, the owner"
            + " the credential signs for")
@ValidationRule(
    value =
        "has(self.user) == has(oldSelf.user) && (!has(self.user) || self.user == oldSelf.user)"
            + " && has(self.application) == has(oldSelf.application)"
            + " && (!has(self.application) || self.application == oldSelf.application)",
    message = "the owner (user or application) is immutable: create a new SigningCredential")
public class SigningCredentialSpec {

  /** Default of {@link #maxTokenLifetime}. */
  public static final String DEFAULT_MAX_TOKEN_LIFETIME = "5m";

  static final String NAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  @JsonPropertyDescription(
      "Name of the ApiUser (Sunbird consumer) in this namespace the credential signs for: a JWT"
          + " signed with it is answered with that user's identity and groups (the consumer's ACL"
          + " groups). Only a resource in this namespace can be named. Exactly one of user and"
          + " application; immutable.")
  @Size(max = 253)
  @Pattern(NAME_PATTERN)
  private String user;

  @JsonPropertyDescription(
      "Name of the Application in this namespace the credential signs for: the Application may"
          + " then authenticate at /oauth/token with an RFC 7523 private_key_jwt client assertion"
          + " (iss = sub = its appId). Only a resource in this namespace can be named. Exactly one"
          + " of user and application; immutable.")
  @Size(max = 253)
  @Pattern(NAME_PATTERN)
  private String application;

  @JsonPropertyDescription(
      "Signature algorithm, pinned: a JWT with any other alg header is refused. EdDSA (Ed25519,"
          + " the default) and ES256 are key pairs: the private key only in the Secret, the public"
          + " key in status. HS256 is a shared secret for Kong compatibility: the verifier must"
          + " then hold the same secret (a copy kept in the operator's namespace), so anyone who"
          + " can read it there can sign too. Immutable: create a new SigningCredential to change"
          + " it.")
  @Default("EdDSA")
  @ValidationRule(
      value = "self == 'EdDSA' || self == 'ES256' || self == 'HS256'",
      message = "algorithm must be EdDSA (Ed25519), ES256 or HS256")
  @ValidationRule(
      value = "self == oldSelf",
      message = "algorithm is immutable: create a new SigningCredential for another algorithm")
  @Size(max = 8)
  private String algorithm = "EdDSA";

  @JsonPropertyDescription(
      "Longest lifetime a signed JWT may have, as a Go duration from 10s to 24h (default 5m): exp"
          + " is required and may lie at most this far ahead of now (and of iat, when given);"
          + " a JWT with a later exp is refused.")
  @Default(DEFAULT_MAX_TOKEN_LIFETIME)
  @Size(max = 32)
  @ValidationRule(
      value = KeywardResource.DURATION_RULE,
      message = "maxTokenLifetime must be a duration such as 5m or 1h")
  @ValidationRule(
      value = "!" + KeywardResource.DURATION_RULE + " || duration(self) >= duration('10s')",
      message = "maxTokenLifetime must be at least 10s")
  @ValidationRule(
      value = "!" + KeywardResource.DURATION_RULE + " || duration(self) <= duration('24h')",
      message = "maxTokenLifetime must be at most 24h")
  private String maxTokenLifetime = DEFAULT_MAX_TOKEN_LIFETIME;

  @JsonPropertyDescription(
      "Whether JWTs signed with the credential verify. Disabling keeps the key. Defaults to true.")
  @Default("true")
  private Boolean enabled = true;

  @JsonPropertyDescription(
      "Name of the Secret, in this namespace, that receives key (the JWT iss), kid, algorithm and"
          + " privateKey (PEM PKCS#8) or, for HS256, secret. Defaults to the resource's name.")
  @Size(max = 253)
  @Pattern(NAME_PATTERN)
  private String secretName;

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getApplication() {
    return application;
  }

  public void setApplication(String application) {
    this.application = application;
  }

  public String getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(String algorithm) {
    this.algorithm = algorithm;
  }

  public String getMaxTokenLifetime() {
    return maxTokenLifetime;
  }

  public void setMaxTokenLifetime(String maxTokenLifetime) {
    this.maxTokenLifetime = maxTokenLifetime;
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

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
