package dev.keyward.chart;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.awaitUserPhase;
import static dev.keyward.testing.Resources.secret;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.credential.KeyFormat;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.operator.LeaderElection;
import dev.keyward.operator.OperatorOptions;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.Http;
import dev.keyward.testing.Resources;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The operator runs in-process with exactly the permissions the chart grants its ServiceAccount
 * (impersonated), through a full ApiUser and ApiToken lifecycle; and a chart missing one verb
 * fails.
 */
class ChartPermissionsIT {

  private static final AtomicInteger RELEASES = new AtomicInteger();
  private final KubernetesClient admin = TestCluster.client();

  /** An installed release: its namespace and the name of its ServiceAccount. */
  private record Release(String namespace, String serviceAccount, List<HasMetadata> objects) {}

  private static Release install(UnaryOperator<List<HasMetadata>> edit) {
    String namespace = TestCluster.createNamespace("keyward-system");
    String release = "chart-" + RELEASES.incrementAndGet();
    List<HasMetadata> objects =
        edit.apply(new ArrayList<>(HelmChart.renderObjects(release, namespace, Map.of())));
    ChartInstall.apply(objects);
    return new Release(namespace, release + "-keyward", objects);
  }

  private static KeywardOperator startAs(
      Release release, KubernetesClient client, MeterRegistry registry) {
    LeaderElection election =
        new LeaderElection(
            LeaderElection.DEFAULT_LEASE_NAME,
            release.namespace(),
            "chart-test",
            // Short, so the lease is renewed (with the chart's verbs) many times during a test.
            Duration.ofSeconds(4),
            Duration.ofSeconds(3),
            Duration.ofMillis(500),
            false);
    KeywardOperator operator =
        new KeywardOperator(
            client,
            // As the chart runs it: its own namespace is the release namespace.
            TestOperator.config(release.namespace()),
            new OperatorOptions(Optional.of(election), registry));
    operator.start();
    return operator;
  }

  @Test
  void operatorWithTheChartsPermissionsRunsTheWholeLifecycle() {
    Release release = install(objects -> objects);
    String ns = TestCluster.createNamespace("chart-lifecycle");
    try (KubernetesClient asOperator =
        ChartInstall.clientAs(release.namespace(), release.serviceAccount())) {
      KeywardOperator operator = startAs(release, asOperator, OperatorOptions.prometheusRegistry());
      VerificationServer verification =
          VerificationServer.start(
              asOperator,
              Clock.systemUTC(),
              0,
              ExchangeSettings.defaults(
                  KeywardConfig.DEFAULT_PUBLIC_URL,
                  release.namespace(),
                  TestOperator.exampleRoleMapSource()));
      Http http = new Http(verification.port());
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  Lease lease =
                      admin
                          .leases()
                          .inNamespace(release.namespace())
                          .withName(LeaderElection.DEFAULT_LEASE_NAME)
                          .get();
                  assertThat(lease).isNotNull();
                  assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("chart-test");
                });

        apply(ns, userYaml("alice", "roles: [runner]\n  password:\n    generate: true"));
        apply(
            ns,
            tokenYaml(
                "alice-ci", "alice", "scopes: [runners.read]\n  rotation: {gracePeriod: 1h}"));
        ApiUser alice = awaitUserPhase(ns, "alice", "Active");
        String password = secretValue(ns, "alice-password", "password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(12);
        // The password record is written in the release namespace and read from there.
        String record = "kwpw-" + alice.getMetadata().getUid();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    http.postForm(
                                "/login",
                                "namespace="
                                    + ns
                                    + "&username=alice&password="
                                    + URLEncoder.encode(password, StandardCharsets.UTF_8),
                                null)
                            .statusCode()
                        == 200);
        assertThat(secret(release.namespace(), record)).isNotNull();

        awaitTokenPhase(ns, "alice-ci", "Active");
        String first = secretValue(ns, "alice-ci", "token");
        assertThat(new KeyFormat(KeywardConfig.DEFAULT_TOKEN_PREFIX).isWellFormed(first)).isTrue();
        // The verification endpoints' informers run with the same permissions.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> http.get("/auth", "X-API-Key", first).statusCode() == 200);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    admin.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(
                            e ->
                                "KeyIssued".equals(e.getReason())
                                    && "alice-ci".equals(e.getInvolvedObject().getName())));

        // Reissue needs the label-selected Secret watch and create.
        admin.secrets().inNamespace(ns).withName("alice-ci").delete();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(secret(ns, "alice-ci")).isNotNull();
                  assertThat(secretValue(ns, "alice-ci", "token")).isNotEqualTo(first);
                });
        String reissued = secretValue(ns, "alice-ci", "token");

        // Rotation updates the Secret and records the previous key in the status.
        Resources.annotate(admin, ApiToken.class, ns, "alice-ci", "keyward.dev/rotate", "1");
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(secretValue(ns, "alice-ci", "token")).isNotEqualTo(reissued);
                  ApiToken token =
                      admin.resources(ApiToken.class).inNamespace(ns).withName("alice-ci").get();
                  assertThat(token.getStatus().getPreviousKeys()).isNotEmpty();
                });

        apply(ns, tokenYaml("alice-ci", "alice", "scopes: [runners.read]\n  enabled: false"));
        awaitTokenPhase(ns, "alice-ci", "Disabled");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> http.get("/auth", "X-API-Key", reissued).statusCode() == 401);

        // Removing the password deletes its record, which no owner reference reaches.
        apply(ns, userYaml("alice", "roles: [runner]"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> secret(release.namespace(), record) == null);

        // Delivery into a consenting namespace, and removal when its consent goes: writing and
        // deleting a copy there under the chart's RBAC.
        String team = TestCluster.createNamespace("chart-delivery");
        apply(
            team,
            """
            apiVersion: keyward.dev/v1alpha1
            kind: AccessGrant
            metadata:
              name: alice-deliver
            spec:
              kinds: [Secret]
              from: [{namespace: %s, apiToken: alice-deliver}]
            """
                .formatted(ns));
        apply(
            ns,
            tokenYaml(
                "alice-deliver",
                "alice",
                "scopes: [runners.read]\n  secret:\n    deliverTo: [" + team + "]"));
        awaitTokenPhase(ns, "alice-deliver", "Active");
        String delivered = secretValue(ns, "alice-deliver", "token");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    secret(team, "alice-deliver") != null
                        && delivered.equals(secretValue(team, "alice-deliver", "token")));
        admin.resources(AccessGrant.class).inNamespace(team).withName("alice-deliver").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> secret(team, "alice-deliver") == null);

        Lease lease =
            admin
                .leases()
                .inNamespace(release.namespace())
                .withName(LeaderElection.DEFAULT_LEASE_NAME)
                .get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("chart-test");
        assertThat(lease.getSpec().getRenewTime()).isAfter(lease.getSpec().getAcquireTime());
        assertThat(lease.getSpec().getLeaseTransitions()).isZero();
      } finally {
        verification.close();
        operator.close();
      }
    }
  }

  @Test
  void serviceAccountCannotDoWhatTheOperatorDoesNotNeed() {
    Release release = install(objects -> objects);
    try (KubernetesClient asOperator =
        ChartInstall.clientAs(release.namespace(), release.serviceAccount())) {
      // Delivered copies of a Secret live in other namespaces (no owner reference reaches them),
      // as do password records in the release namespace: the code deletes only its own.
      assertThat(allowed(asOperator, "secrets", "", "delete", "default", null)).isTrue();
      assertThat(allowed(asOperator, "secrets", "", "delete", release.namespace(), null)).isTrue();
      assertThat(allowed(asOperator, "configmaps", "", "list", "default", null)).isFalse();
      assertThat(allowed(asOperator, "pods", "", "create", "default", null)).isFalse();
      // Rolling restarts after a rotation: a patch, never creating, replacing or deleting
      // workloads.
      assertThat(allowed(asOperator, "deployments", "apps", "patch", "default", null)).isTrue();
      assertThat(allowed(asOperator, "deployments", "apps", "create", "default", null)).isFalse();
      assertThat(allowed(asOperator, "deployments", "apps", "update", "default", null)).isFalse();
      assertThat(allowed(asOperator, "statefulsets", "apps", "delete", "default", null)).isFalse();
      assertThat(allowed(asOperator, "pods", "", "delete", "default", null)).isFalse();
      assertThat(allowed(asOperator, "leases", "coordination.k8s.io", "update", "default", null))
          .isFalse();
      assertThat(
              allowed(
                  asOperator,
                  "clusterroles",
                  "rbac.authorization.k8s.io",
                  "bind",
                  null,
                  "cluster-admin"))
          .isFalse();
      // The default role map names only the chart's own project roles, never the built-in ones.
      assertThat(
              allowed(
                  asOperator, "clusterroles", "rbac.authorization.k8s.io", "bind", null, "edit"))
          .isFalse();
      assertThat(
              allowed(
                  asOperator,
                  "clusterroles",
                  "rbac.authorization.k8s.io",
                  "bind",
                  null,
                  "keyward-editor"))
          .isTrue();
      assertThat(
              allowed(asOperator, "clusterroles", "rbac.authorization.k8s.io", "list", null, null))
          .isFalse();
      assertThat(
              allowed(
                  asOperator, "leases", "coordination.k8s.io", "update", release.namespace(), null))
          .isTrue();
    }
  }

  @Test
  void chartMissingTheSecretCreateVerbFailsTheLifecycle() {
    Release release =
        install(
            objects -> {
              // Only the operator's ClusterRole grants create on Secrets.
              HelmChart.ofType(objects, ClusterRole.class).stream()
                  .flatMap(r -> r.getRules().stream())
                  .filter(r -> r.getResources().contains("secrets"))
                  .forEach(r -> r.getVerbs().remove("create"));
              return objects;
            });
    String ns = TestCluster.createNamespace("chart-missing-verb");
    MeterRegistry registry = OperatorOptions.prometheusRegistry();
    try (KubernetesClient asOperator =
        ChartInstall.clientAs(release.namespace(), release.serviceAccount())) {
      KeywardOperator operator = startAs(release, asOperator, registry);
      try {
        apply(ns, userYaml("bob", "roles: [runner]"));
        apply(ns, tokenYaml("bob-ci", "bob", "scopes: [runners.read]"));
        // The reconcile fails on the forbidden create and is retried; the key is never issued.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    registry.find("operator.sdk.reconciliations.failed").counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum()
                        > 0);
        assertThat(secret(ns, "bob-ci")).isNull();
        ApiToken token = admin.resources(ApiToken.class).inNamespace(ns).withName("bob-ci").get();
        assertThat(token.getStatus() == null ? null : token.getStatus().getPhase())
            .isNotEqualTo("Active");
      } finally {
        operator.close();
      }
    }
  }

  private static boolean allowed(
      KubernetesClient client,
      String resource,
      String group,
      String verb,
      String namespace,
      String name) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withGroup(group)
            .withResource(resource)
            .withVerb(verb)
            .withNamespace(namespace)
            .withName(name)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }
}
