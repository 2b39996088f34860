package dev.keyward.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an Application. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationStatus extends CredentialStatus {

  @JsonPropertyDescription("Stable client id of the application (a UUID).")
  private String appId;

  @JsonPropertyDescription("ServiceAccount created for the application's RBAC bindings.")
  private String serviceAccount;

  @JsonPropertyDescription("Projects in which the application's roles are currently bound.")
  private List<String> boundProjects = new ArrayList<>();

  public String getAppId() {
    return appId;
  }

  public void setAppId(String appId) {
    this.appId = appId;
  }

  public String getServiceAccount() {
    return serviceAccount;
  }

  public void setServiceAccount(String serviceAccount) {
    this.serviceAccount = serviceAccount;
  }

  public List<String> getBoundProjects() {
    return boundProjects;
  }

  public void setBoundProjects(List<String> boundProjects) {
    this.boundProjects = boundProjects;
  }
}
