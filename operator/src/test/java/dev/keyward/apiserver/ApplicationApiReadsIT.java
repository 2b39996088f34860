package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.Application;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.Applications;
import dev.keyward.testing.RequestLog;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reconciling an Application reads its RoleBindings and its projects' namespaces from the informers
 * that already hold them: no cluster-wide LIST of RoleBindings, no GET of a namespace per pass.
 */
class ApplicationApiReadsIT {

  @Test
  void reconcilesListNoRoleBindingsAndGetNoNamespace() {
    Applications.ensureProjectClusterRoles();
    String ns = TestCluster.createNamespace("reads");
    String project = TestCluster.createNamespace("reads-project");
    Applications.grantAll(ns, project);
    RequestLog log = new RequestLog();
    try (KubernetesClient counted = log.client();
        KeywardOperator operator =
            new KeywardOperator(
                counted, KeywardConfig.defaults(TestOperator.exampleRoleMapSource()))) {
      operator.start();
      apply(ns, Applications.yaml("reader", "[researcher]", "[" + project + "]", ""));
      Applications.awaitPhase(ns, "reader", "Active");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Applications.get(ns, "reader").getStatus().getBoundProjects() != null
                      && Applications.get(ns, "reader")
                          .getStatus()
                          .getBoundProjects()
                          .contains(project));
      log.requests.clear();

      // Three more reconciles, each for a spec change.
      for (String lifetime : List.of("20m", "25m", "30m")) {
        apply(
            ns,
            Applications.yaml(
                "reader", "[researcher]", "[" + project + "]", "tokenLifetime: " + lifetime));
        long generation = Applications.get(ns, "reader").getMetadata().getGeneration();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  Application app = Applications.get(ns, "reader");
                  return app.getStatus().getObservedGeneration() != null
                      && app.getStatus().getObservedGeneration() >= generation;
                });
      }

      assertThat(log.requests)
          .as("requests of three reconciles")
          .noneMatch(
              r ->
                  r.startsWith("GET /apis/rbac.authorization.k8s.io/v1/rolebindings")
                      && !r.contains("watch=true"))
          .noneMatch(r -> r.equals("GET /api/v1/namespaces/" + project));
      assertThat(Applications.bindings(Applications.get(ns, "reader").getMetadata().getUid()))
          .hasSize(1);
    }
  }
}
