package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.annotate;
import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.condition;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.restart.RotationConsumers;
import dev.keyward.testing.Applications;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rolling restarts of the workloads that read a credential's Secret at start, on the API server
 * (the pod side runs in {@code PodsUseTheirKeysIT} on the local node): one per new key, none on
 * operator restart or resync, one for credentials rotating together, only in the credential's own
 * namespace; and the warning when a grace period is shorter than the Secret propagation.
 */
class RestartOnRotationIT {

  private static KubernetesClient client;
  private static KeywardOperator operator;
  private static String ns;
  private static String otherNs;

  @BeforeAll
  static void start() {
    client = TestCluster.client();
    operator = TestOperator.start();
    ns = TestCluster.createNamespace("restart");
    otherNs = TestCluster.createNamespace("restart-other");
    apply(ns, userYaml("rita", "email: rita@example.com\n  roles: [runner]"));
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void aListedDeploymentRestartsOncePerRotation() {
    createDeployment(ns, "web", Map.of());
    activeToken("web-key", "restartOnRotation: [{kind: Deployment, name: web}]");
    assertThat(restartedAt(ns, "web")).isNull();

    rotate("web-key", "1");
    await().atMost(Duration.ofSeconds(20)).until(() -> restartedAt(ns, "web") != null);
    String first = restartedAt(ns, "web");
    assertThat(restartedFor(ns, "web")).isEqualTo("web-key=" + digest("web-key"));
    assertThat(events(ns, "web", "RestartedForNewKey")).hasSize(1);
    assertThat(events(ns, "web-key", "WorkloadRestarted")).hasSize(1);

    rotate("web-key", "2");
    await().atMost(Duration.ofSeconds(20)).until(() -> !first.equals(restartedAt(ns, "web")));
    assertThat(restartedFor(ns, "web")).isEqualTo("web-key=" + digest("web-key"));
    assertThat(events(ns, "web", "RestartedForNewKey")).hasSize(2);
  }

  @Test
  void aRestartedOperatorAndAResyncRestartNothing() {
    createDeployment(ns, "api", Map.of());
    activeToken("api-key", "restartOnRotation: [{kind: Deployment, name: api}]");
    rotate("api-key", "1");
    await().atMost(Duration.ofSeconds(20)).until(() -> restartedAt(ns, "api") != null);
    String restarted = restartedAt(ns, "api");

    operator.close();
    operator = TestOperator.start();
    client
        .resources(ApiToken.class)
        .inNamespace(ns)
        .withName("api-key")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"description\":\"resync\"}}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              ApiToken t = token(ns, "api-key");
              return t.getStatus().getObservedGeneration() == t.getMetadata().getGeneration();
            });
    // Longer than the restart debounce: a restart would have been patched by now.
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(10))
        .until(() -> restarted.equals(restartedAt(ns, "api")));
    assertThat(events(ns, "api", "RestartedForNewKey")).hasSize(1);
  }

  @Test
  void credentialsRotatingTogetherRestartTheirWorkloadOnce() {
    createDeployment(ns, "worker", Map.of());
    activeToken("worker-a", "restartOnRotation: [{kind: Deployment, name: worker}]");
    activeToken("worker-b", "restartOnRotation: [{kind: Deployment, name: worker}]");

    rotate("worker-a", "1");
    rotate("worker-b", "1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                ("worker-a=" + digest("worker-a") + ",worker-b=" + digest("worker-b"))
                    .equals(restartedFor(ns, "worker")));
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(8))
        .until(() -> events(ns, "worker", "RestartedForNewKey").size() == 1);
  }

  @Test
  void aWorkloadAnnotatedWithTheSecretRestartsWithoutBeingListed() {
    createDeployment(
        ns, "reader", Map.of(KeywardNames.RESTART_ON_ROTATION_ANNOTATION, "other, reader-key"));
    activeToken("reader-key", "description: no list");
    rotate("reader-key", "1");
    await().atMost(Duration.ofSeconds(20)).until(() -> restartedAt(ns, "reader") != null);
    assertThat(restartedFor(ns, "reader")).isEqualTo("reader-key=" + digest("reader-key"));
  }

  @Test
  void aWorkloadOfTheListedNameInAnotherNamespaceIsNeverTouched() {
    createDeployment(otherNs, "elsewhere", Map.of());
    createDeployment(
        otherNs,
        "annotated-elsewhere",
        Map.of(KeywardNames.RESTART_ON_ROTATION_ANNOTATION, "local-key"));
    activeToken("local-key", "restartOnRotation: [{kind: Deployment, name: elsewhere}]");
    rotate("local-key", "1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !events(ns, "local-key", "WorkloadRestartFailed").isEmpty());
    assertThat(restartedAt(otherNs, "elsewhere")).isNull();
    assertThat(restartedAt(otherNs, "annotated-elsewhere")).isNull();
  }

  @Test
  void anApplicationRestartsTheWorkloadThatReadsItsAppSecret() {
    createDeployment(ns, "etl", Map.of());
    apply(
        ns,
        Applications.yaml(
            "etl-app",
            "[runner]",
            "[" + ns + "]",
            "restartOnRotation: [{kind: Deployment, name: etl}]"));
    String before =
        Applications.awaitPhase(ns, "etl-app", "Active").getStatus().getKey().getDigest();
    annotate(Application.class, ns, "etl-app", KeywardNames.ROTATE_ANNOTATION, "1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> !Applications.get(ns, "etl-app").getStatus().getKey().getDigest().equals(before));
    Application rotated = Applications.get(ns, "etl-app");
    await().atMost(Duration.ofSeconds(20)).until(() -> restartedAt(ns, "etl") != null);
    assertThat(restartedFor(ns, "etl"))
        .isEqualTo(
            rotated.getStatus().getSecretName()
                + "="
                + rotated.getStatus().getKey().getDigest().substring(0, 12));
  }

  @Test
  void onlyDeploymentsStatefulSetsAndDaemonSetsCanBeListed() {
    assertThatThrownBy(
            () ->
                apply(
                    ns,
                    tokenYaml(
                        "pod-key", "rita", "restartOnRotation: [{kind: Pod, name: something}]")))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("kind must be Deployment, StatefulSet or DaemonSet");
  }

  @Test
  void aGracePeriodShorterThanTheSecretPropagationWarns() {
    ApiToken shortGrace = activeToken("short-grace", "rotation: {gracePeriod: 30s}");
    assertThat(condition(shortGrace.getStatus(), RotationConsumers.GRACE_CONDITION))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("GraceShorterThanPropagation");
              assertThat(c.getMessage()).contains("2m");
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events(ns, "short-grace", "GraceShorterThanPropagation").size() == 1);

    ApiToken longGrace = activeToken("long-grace", "rotation: {gracePeriod: 5m}");
    assertThat(condition(longGrace.getStatus(), RotationConsumers.GRACE_CONDITION))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));

    ApiToken noRotation = activeToken("no-rotation", "description: fixed key");
    assertThat(condition(noRotation.getStatus(), RotationConsumers.GRACE_CONDITION)).isEmpty();
  }

  private static ApiToken activeToken(String name, String extraSpec) {
    apply(ns, tokenYaml(name, "rita", "scopes: [runners.read]\n  " + extraSpec));
    return awaitTokenPhase(ns, name, "Active");
  }

  private static void rotate(String token, String value) {
    String before = digest(token);
    annotate(ApiToken.class, ns, token, KeywardNames.ROTATE_ANNOTATION, value);
    await().atMost(Duration.ofSeconds(20)).until(() -> !digest(token).equals(before));
  }

  private static String digest(String token) {
    return token(ns, token).getStatus().getKey().getDigest().substring(0, 12);
  }

  private static void createDeployment(
      String namespace, String name, Map<String, String> annotations) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withReplicas(0)
            .withNewSelector()
            .withMatchLabels(Map.of("app", name))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(Map.of("app", name))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("example.invalid/app:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(deployment).inNamespace(namespace).create();
  }

  private static String restartedAt(String namespace, String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .map(a -> a.get(KeywardNames.RESTARTED_AT_ANNOTATION))
        .orElse(null);
  }

  private static String restartedFor(String namespace, String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(d.getMetadata().getAnnotations())
        .map(a -> a.get(KeywardNames.RESTARTED_FOR_ANNOTATION))
        .orElse(null);
  }

  private static List<Event> events(String namespace, String involved, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
