package dev.keyward.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.Condition;
import dev.keyward.api.KeywardStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** Small helpers for applying manifests and reading what the operator made of them. */
public final class Resources {

  private Resources() {}

  private static KubernetesClient client() {
    return TestCluster.client();
  }

  public static void apply(String namespace, String yaml) {
    client()
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .inNamespace(namespace)
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Sets one annotation with a JSON merge patch, which carries no resourceVersion: the operator's
   * own writes to the object in between cannot make it fail with a conflict.
   */
  public static <T extends HasMetadata> void annotate(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      String name,
      String annotation,
      String value) {
    client
        .resources(type)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + annotation + "\":\"" + value + "\"}}}");
  }

  public static <T extends HasMetadata> void annotate(
      Class<T> type, String namespace, String name, String annotation, String value) {
    annotate(client(), type, namespace, name, annotation, value);
  }

  public static ApiToken token(String namespace, String name) {
    return client().resources(ApiToken.class).inNamespace(namespace).withName(name).get();
  }

  public static ApiUser user(String namespace, String name) {
    return client().resources(ApiUser.class).inNamespace(namespace).withName(name).get();
  }

  public static ApiToken awaitTokenPhase(String namespace, String name, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              ApiToken token = token(namespace, name);
              assertThat(token).isNotNull();
              assertThat(token.getStatus()).isNotNull();
              assertThat(token.getStatus().getPhase()).isEqualTo(phase);
            });
    return token(namespace, name);
  }

  public static ApiUser awaitUserPhase(String namespace, String name, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              ApiUser user = user(namespace, name);
              assertThat(user.getStatus()).isNotNull();
              assertThat(user.getStatus().getPhase()).isEqualTo(phase);
            });
    return user(namespace, name);
  }

  public static Optional<Condition> condition(KeywardStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static Secret secret(String namespace, String name) {
    return client().secrets().inNamespace(namespace).withName(name).get();
  }

  public static String secretValue(String namespace, String name, String key) {
    Secret secret = secret(namespace, name);
    assertThat(secret).as("Secret %s", name).isNotNull();
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  public static String userYaml(String name, String extraSpec) {
    return """
        apiVersion: keyward.dev/v1alpha1
        kind: ApiUser
        metadata:
          name: %s
        spec:
          %s
        """
        .formatted(name, extraSpec);
  }

  public static String tokenYaml(String name, String user, String extraSpec) {
    return """
        apiVersion: keyward.dev/v1alpha1
        kind: ApiToken
        metadata:
          name: %s
        spec:
          user: %s
          %s
        """
        .formatted(name, user, extraSpec);
  }
}
