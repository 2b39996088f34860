package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Status of an issued credential: hashes and hints of its keys, never the keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class CredentialStatus extends KeywardStatus {

  @JsonPropertyDescription("The current key's record: digest and hint.")
  private KeyHash key;

  /** Previous keys kept at most; rotating faster than the grace period drops the oldest. */
  public static final int MAX_PREVIOUS_KEYS = 10;

  @JsonPropertyDescription(
      "Previous keys that still verify until their grace period ends (validUntil); at most 10,"
          + " the oldest dropped first.")
  @Size(max = MAX_PREVIOUS_KEYS)
  private List<KeyHash> previousKeys = new ArrayList<>();

  @JsonPropertyDescription("When the current key expires (RFC 3339); absent when it never does.")
  private String expiresAt;

  @JsonPropertyDescription("When the last rotation happened (RFC 3339).")
  private String rotatedAt;

  @JsonPropertyDescription("Name of the Secret that holds the plaintext.")
  private String secretName;

  @JsonPropertyDescription(
      "The last value of the keyward.dev/rotate annotation that was acted on; a new value"
          + " rotates the key at once.")
  private String lastRotationRequest;

  @JsonPropertyDescription(
      "The last value of the keyward.dev/revoke annotation that was acted on; a new value replaces"
          + " the key at once, and no earlier key verifies again.")
  private String lastRevocationRequest;

  @JsonPropertyDescription(
      "The last value of the keyward.dev/deprecate annotation that was acted on; a new value"
          + " deprecates the current key (phase Deprecated) until a rotation replaces it.")
  private String lastDeprecationRequest;

  @JsonPropertyDescription(
      "Namespaces that hold a copy of the Secret (spec.secret.deliverTo, each with its consent),"
          + " kept in step with every new key.")
  private List<String> deliveredTo;

  public String getLastDeprecationRequest() {
    return lastDeprecationRequest;
  }

  public void setLastDeprecationRequest(String lastDeprecationRequest) {
    this.lastDeprecationRequest = lastDeprecationRequest;
  }

  public List<String> getDeliveredTo() {
    return deliveredTo;
  }

  public void setDeliveredTo(List<String> deliveredTo) {
    this.deliveredTo = deliveredTo;
  }

  public String getLastRevocationRequest() {
    return lastRevocationRequest;
  }

  public void setLastRevocationRequest(String lastRevocationRequest) {
    this.lastRevocationRequest = lastRevocationRequest;
  }

  public String getLastRotationRequest() {
    return lastRotationRequest;
  }

  public void setLastRotationRequest(String lastRotationRequest) {
    this.lastRotationRequest = lastRotationRequest;
  }

  public KeyHash getKey() {
    return key;
  }

  public void setKey(KeyHash key) {
    this.key = key;
  }

  public List<KeyHash> getPreviousKeys() {
    return previousKeys;
  }

  public void setPreviousKeys(List<KeyHash> previousKeys) {
    this.previousKeys = previousKeys;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getRotatedAt() {
    return rotatedAt;
  }

  public void setRotatedAt(String rotatedAt) {
    this.rotatedAt = rotatedAt;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
