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

/** A personal API key owned by an ApiUser (Kriten API token, KernelCI token with scopes). */
@JsonClassDescription(
    "A personal API key owned by an ApiUser; the plaintext lives only in a Secret.")
@Group(KeywardResource.GROUP)
@Version(KeywardResource.VERSION)
@ShortNames({"kwtoken", "kwtokens"})
@Categories(KeywardResource.CATEGORY)
@AdditionalPrinterColumn(name = "User", jsonPath = ".spec.user")
@AdditionalPrinterColumn(name = "Scopes", jsonPath = ".spec.scopes")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Key", jsonPath = ".status.key.hint", priority = 1)
@AdditionalPrinterColumn(name = "Expires", jsonPath = ".status.expiresAt")
@AdditionalPrinterColumn(
    name = "Last Used",
    jsonPath = ".status.lastUsedAt",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ApiToken extends CustomResource<ApiTokenSpec, ApiTokenStatus> implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "The token as declared: owner, scopes, enabled state, expiry, rotation, Secret.")
  public ApiTokenSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: key record (hash and hint), phase, expiry, conditions.")
  public ApiTokenStatus getStatus() {
    return super.getStatus();
  }
}
