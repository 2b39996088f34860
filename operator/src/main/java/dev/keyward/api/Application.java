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

/** A client application with roles in projects; its id and secret are exchanged for tokens. */
@JsonClassDescription(
    "A client application whose id and secret are exchanged for access tokens, with roles bound in its projects.")
@Group(KeywardResource.GROUP)
@Version(KeywardResource.VERSION)
@ShortNames({"kwapp", "kwapps"})
@Categories(KeywardResource.CATEGORY)
@AdditionalPrinterColumn(name = "App ID", jsonPath = ".status.appId")
@AdditionalPrinterColumn(name = "Roles", jsonPath = ".spec.roles")
@AdditionalPrinterColumn(name = "Projects", jsonPath = ".spec.projects")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Application extends CustomResource<ApplicationSpec, ApplicationStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "The application as declared: roles, projects, enabled state, secret lifetime and rotation.")
  public ApplicationSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: appId, key record, service account, bound projects, conditions.")
  public ApplicationStatus getStatus() {
    return super.getStatus();
  }
}
