package dev.keyward.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/**
 * Deployments for the local node whose container presents the key it sees to Keyward's {@code
 * /auth} every second and logs {@code ok <digest>} or {@code fail <digest>}: the first 12 hex
 * digits of the key's SHA-256, as in the token's status, never the key.
 */
public final class KeyCallers {

  public static final String CONTAINER = "caller";

  private KeyCallers() {}

  private static final String LOOP =
      """
      while true; do
        key="$(%s)"
        digest="$(printf %%s "$key" | sha256sum | cut -c1-12)"
        if timeout 5 wget -q -O - --header "X-API-Key: $key" "$AUTH_URL" >/dev/null; then
          echo "ok $digest"
        else
          echo "fail $digest"
        fi
        sleep 1
      done
      """;

  /** Reads the key from the Secret volume at every call. */
  public static Deployment volumeReader(String name, String secret, String authUrl) {
    Container container =
        caller("cat /keys/token", authUrl)
            .addNewVolumeMount()
            .withName("key")
            .withMountPath("/keys")
            .withReadOnly(true)
            .endVolumeMount()
            .build();
    return deployment(
        name,
        Map.of(),
        new PodSpecBuilder()
            .withContainers(container)
            .withVolumes(
                new VolumeBuilder()
                    .withName("key")
                    .withNewSecret()
                    .withSecretName(secret)
                    .endSecret()
                    .build()));
  }

  /** Reads the key once, at start, from an environment variable. */
  public static Deployment envReader(
      String name, String secret, String authUrl, Map<String, String> annotations) {
    Container container =
        caller("printf %s \"$KEY\"", authUrl)
            .addToEnv(
                new EnvVarBuilder()
                    .withName("KEY")
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName(secret)
                    .withKey("token")
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build())
            .build();
    return deployment(name, annotations, new PodSpecBuilder().withContainers(container));
  }

  private static ContainerBuilder caller(String readKey, String authUrl) {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(LocalNode.WORKLOAD_IMAGE)
        .withImagePullPolicy("Never")
        .withCommand("/bin/sh", "-c", LOOP.formatted(readKey))
        .addToEnv(new EnvVarBuilder().withName("AUTH_URL").withValue(authUrl).build());
  }

  private static Deployment deployment(
      String name, Map<String, String> annotations, PodSpecBuilder pod) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withSpec(
            pod.withTerminationGracePeriodSeconds(1L)
                .withAutomountServiceAccountToken(false)
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }
}
