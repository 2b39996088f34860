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

/** An API identity: the owner of tokens, optionally with a password (KernelCI user). */
@JsonClassDescription("An API identity (KernelCI user, Sunbird consumer) that owns tokens.")
@Group(KeywardResource.GROUP)
@Version(KeywardResource.VERSION)
@ShortNames({"kwuser", "kwusers"})
@Categories(KeywardResource.CATEGORY)
@AdditionalPrinterColumn(name = "Username", jsonPath = ".status.username")
@AdditionalPrinterColumn(name = "Enabled", jsonPath = ".spec.enabled")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Tokens",
    jsonPath = ".status.tokenCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ApiUser extends CustomResource<ApiUserSpec, ApiUserStatus> implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "The user as declared: username, profile, groups, roles, enabled state, password.")
  public ApiUserSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed: id, phase, token count, conditions.")
  public ApiUserStatus getStatus() {
    return super.getStatus();
  }
}
