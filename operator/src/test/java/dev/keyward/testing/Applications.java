package dev.keyward.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.AccessGrantSource;
import dev.keyward.api.AccessGrantSpec;
import dev.keyward.api.Application;
import dev.keyward.local.ProjectClusterRoles;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Duration;
import java.util.List;

/** Helpers for Application tests: manifests, phases, bindings and access reviews. */
public final class Applications {

  /** The ClusterRole the example role map gives researchers: run Jobs, read Pods. */
  public static final String RESEARCHER_CLUSTER_ROLE = "keyward-researcher";

  private Applications() {}

  public static String yaml(String name, String roles, String projects, String extraSpec) {
    return """
        apiVersion: keyward.dev/v1alpha1
        kind: Application
        metadata:
          name: %s
        spec:
          roles: %s
          projects: %s
          %s
        """
        .formatted(name, roles, projects, extraSpec);
  }

  public static Application get(String namespace, String name) {
    return TestCluster.client()
        .resources(Application.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  public static Application awaitPhase(String namespace, String name, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              Application app = get(namespace, name);
              assertThat(app).isNotNull();
              assertThat(app.getStatus()).isNotNull();
              assertThat(app.getStatus().getPhase()).isEqualTo(phase);
            });
    return get(namespace, name);
  }

  /** RoleBindings Keyward made for the Application with this uid, in any namespace. */
  public static List<RoleBinding> bindings(String appUid) {
    return TestCluster.client()
        .rbac()
        .roleBindings()
        .inAnyNamespace()
        .withLabelSelector("keyward.dev/application-uid=" + appUid)
        .list()
        .getItems();
  }

  /** Asks the API server whether a ServiceAccount may do something in a namespace. */
  public static boolean may(
      String saNamespace, String sa, String verb, String group, String resource, String ns) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser("system:serviceaccount:" + saNamespace + ":" + sa)
            .withGroups("system:serviceaccounts", "system:serviceaccounts:" + saNamespace)
            .withNewResourceAttributes()
            .withNamespace(ns)
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .endResourceAttributes()
            .endSpec()
            .build();
    return TestCluster.client()
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  /** Creates (or keeps) the ClusterRoles the example role map binds, as the chart ships them. */
  public static void ensureProjectClusterRoles() {
    ProjectClusterRoles.apply(TestCluster.client());
  }

  /** An AccessGrant in {@code target} admitting the roles for Applications of {@code from}. */
  public static AccessGrant grant(String target, String name, String from, String... roles) {
    AccessGrant grant = new AccessGrant();
    grant.getMetadata().setName(name);
    grant.getMetadata().setNamespace(target);
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setFrom(List.of(new AccessGrantSource(from, null)));
    spec.setRoles(List.of(roles));
    grant.setSpec(spec);
    return TestCluster.client().resource(grant).create();
  }

  /** Grants in each target, admitting every role of the example role map from {@code from}. */
  public static void grantAll(String from, String... targets) {
    for (String target : targets) {
      grant(target, "from-" + from, from, "researcher", "editor", "administrator");
    }
  }

  public static void revokeGrant(String target, String name) {
    TestCluster.client().resources(AccessGrant.class).inNamespace(target).withName(name).delete();
  }
}
