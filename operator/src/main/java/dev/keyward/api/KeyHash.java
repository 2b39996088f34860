package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A record of an issued key: its digest and a hint, never the key itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyHash {

  @JsonPropertyDescription("Digest algorithm, for example sha256.")
  private String algorithm;

  @JsonPropertyDescription("Hex-encoded digest of the key.")
  private String digest;

  @JsonPropertyDescription(
      "Prefix and last characters of the key, enough to recognise it, never enough to use it.")
  private String hint;

  @JsonPropertyDescription("When the key was issued (RFC 3339).")
  private String issuedAt;

  @JsonPropertyDescription(
      "For a previous key: the instant it stops verifying, the end of its grace period.")
  private String validUntil;

  @JsonPropertyDescription(
      "When this key was deprecated (the keyward.dev/deprecate annotation, RFC 3339): from then on"
          + " it verifies for no call, and only a rotation (a new key) brings the credential back."
          + " A new key never carries it.")
  private String deprecatedAt;

  public String getDeprecatedAt() {
    return deprecatedAt;
  }

  public void setDeprecatedAt(String deprecatedAt) {
    this.deprecatedAt = deprecatedAt;
  }

  public String getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(String algorithm) {
    this.algorithm = algorithm;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getHint() {
    return hint;
  }

  public void setHint(String hint) {
    this.hint = hint;
  }

  public String getIssuedAt() {
    return issuedAt;
  }

  public void setIssuedAt(String issuedAt) {
    this.issuedAt = issuedAt;
  }

  public String getValidUntil() {
    return validUntil;
  }

  public void setValidUntil(String validUntil) {
    this.validUntil = validUntil;
  }
}
