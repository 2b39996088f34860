package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The public half of a signing key as an RFC 7517 JWK: never a private member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PublicJwk {

  @JsonPropertyDescription("Key type: OKP (Ed25519) or EC (P-256).")
  private String kty;

  @JsonPropertyDescription("Curve: Ed25519 or P-256.")
  private String crv;

  @JsonPropertyDescription("Public key x coordinate (or Ed25519 public key), base64url.")
  private String x;

  @JsonPropertyDescription("Public key y coordinate (EC only), base64url.")
  private String y;

  @JsonPropertyDescription("Key id: the kid a JWT signed with this key may carry.")
  private String kid;

  @JsonPropertyDescription("Algorithm the key is pinned to: EdDSA or ES256.")
  private String alg;

  @JsonPropertyDescription("Public key use: sig.")
  private String use;

  public String getKty() {
    return kty;
  }

  public void setKty(String kty) {
    this.kty = kty;
  }

  public String getCrv() {
    return crv;
  }

  public void setCrv(String crv) {
    this.crv = crv;
  }

  public String getX() {
    return x;
  }

  public void setX(String x) {
    this.x = x;
  }

  public String getY() {
    return y;
  }

  public void setY(String y) {
    this.y = y;
  }

  public String getKid() {
    return kid;
  }

  public void setKid(String kid) {
    this.kid = kid;
  }

  public String getAlg() {
    return alg;
  }

  public void setAlg(String alg) {
    this.alg = alg;
  }

  public String getUse() {
    return use;
  }

  public void setUse(String use) {
    this.use = use;
  }
}
