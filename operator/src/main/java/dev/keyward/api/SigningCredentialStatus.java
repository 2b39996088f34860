package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of a SigningCredential: public material only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SigningCredentialStatus extends KeywardStatus {

  @JsonPropertyDescription(
      "The credential's key (Sunbird/Kong consumer key): the value a signed JWT carries as iss."
          + " It is the resource's uid: unique in the cluster and never reused.")
  private String key;

  @JsonPropertyDescription(
      "Uid of the owner (ApiUser or Application) the credential was bound to. An owner of the"
          + " same name with another uid (deleted and re-created) does not inherit it.")
  private String owner;

  @JsonPropertyDescription("Kind of the owner: ApiUser or Application.")
  private String ownerKind;

  @JsonPropertyDescription(
      "For an Application's credential: the client_id (appId) that iss and sub of a"
          + " private_key_jwt client assertion must carry.")
  private String clientId;

  @JsonPropertyDescription("Algorithm of the current key: EdDSA, ES256 or HS256.")
  private String algorithm;

  @JsonPropertyDescription(
      "Id of the current key (kid). A JWT may carry it in its header; if it does, it must match.")
  private String keyId;

  @JsonPropertyDescription(
      "The current public key as PEM (X.509 SubjectPublicKeyInfo); absent for HS256, whose"
          + " secret is never shown.")
  private String publicKey;

  @JsonPropertyDescription("The current public key as a JWK; absent for HS256.")
  private PublicJwk jwk;

  @JsonPropertyDescription("When the current key was issued (RFC 3339).")
  private String issuedAt;

  @JsonPropertyDescription("When the key was last rotated (RFC 3339).")
  private String rotatedAt;

  @JsonPropertyDescription("Name of the Secret that holds the private key or secret.")
  private String secretName;

  @JsonPropertyDescription(
      "The last value of the keyward.dev/rotate annotation that was acted on; a new value"
          + " replaces the key at once (the previous key stops verifying).")
  private String lastRotationRequest;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public String getOwnerKind() {
    return ownerKind;
  }

  public void setOwnerKind(String ownerKind) {
    this.ownerKind = ownerKind;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(String algorithm) {
    this.algorithm = algorithm;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public PublicJwk getJwk() {
    return jwk;
  }

  public void setJwk(PublicJwk jwk) {
    this.jwk = jwk;
  }

  public String getIssuedAt() {
    return issuedAt;
  }

  public void setIssuedAt(String issuedAt) {
    this.issuedAt = issuedAt;
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

  public String getLastRotationRequest() {
    return lastRotationRequest;
  }

  public void setLastRotationRequest(String lastRotationRequest) {
    this.lastRotationRequest = lastRotationRequest;
  }
}
