package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A consumer signing credential (Sunbird/Kong consumer key and secret): the consumer signs its own
 * JWTs with the private key from the Secret; Keyward verifies them with the public key.
 */
@JsonClassDescription(
    "A signing credential of an ApiUser or Application in the same namespace (Sunbird/Kong"
        + " consumer key and secret): its Secret holds key (the JWT iss) and a private key, with"
        + " which the consumer signs its own JWTs; /auth and /oauth/token (private_key_jwt) verify"
        + " them.")
@Group(KeywardResource.GROUP)
@Version(KeywardResource.VERSION)
@ShortNames({"kwsign", "kwsigns"})
@Categories(KeywardResource.CATEGORY)
@AdditionalPrinterColumn(name = "User", jsonPath = ".spec.user")
@AdditionalPrinterColumn(name = "Application", jsonPath = ".spec.application")
@AdditionalPrinterColumn(name = "Algorithm", jsonPath = ".spec.algorithm")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Key", jsonPath = ".status.key", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SigningCredential
    extends CustomResource<SigningCredentialSpec, SigningCredentialStatus> implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "The credential as declared: owner (user or application), algorithm, token lifetime bound,"
          + " enabled state, Secret.")
  public SigningCredentialSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: key (iss), key id, public key, owner, phase, conditions.")
  public SigningCredentialStatus getStatus() {
    return super.getStatus();
  }
}
