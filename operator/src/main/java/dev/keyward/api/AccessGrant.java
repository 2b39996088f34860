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
 * Consent of the namespace it lives in to receive what Keyward makes for Applications and ApiTokens
 * of other namespaces (the Gateway API ReferenceGrant pattern): without one, nothing lands here.
 */
@JsonClassDescription(
    "Consent of this namespace to let Applications of the namespaces it names have the roles it"
        + " lists bound here (kind RoleBinding), and to receive copies of their or their"
        + " ApiTokens' Secrets (kind Secret). Without a matching AccessGrant, Keyward binds and"
        + " delivers nothing in a namespace other than the resource's own.")
@Group(KeywardResource.GROUP)
@Version(KeywardResource.VERSION)
@ShortNames({"kwgrant", "kwgrants"})
@Categories(KeywardResource.CATEGORY)
@AdditionalPrinterColumn(name = "From", jsonPath = ".spec.from[*].namespace")
@AdditionalPrinterColumn(name = "Roles", jsonPath = ".spec.roles")
@AdditionalPrinterColumn(name = "Kinds", jsonPath = ".spec.kinds")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AccessGrant extends CustomResource<AccessGrantSpec, Void> implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "Who may reach into this namespace (from), with which roles, and for what (kinds).")
  public AccessGrantSpec getSpec() {
    return super.getSpec();
  }
}
