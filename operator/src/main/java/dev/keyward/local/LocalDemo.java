package dev.keyward.local;

import dev.keyward.KeywardNames;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the local mode shows a newcomer: applies the example manifests, waits for the operator to
 * report on them, and prints their status and the Secrets Keyward generated. Only ever used against
 * the throwaway local API server.
 */
public final class LocalDemo {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final PrintStream out;

  public LocalDemo(KubernetesClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  public void run(Path examples, Path kubeconfig, int httpPort, boolean keepsRunning)
      throws IOException, InterruptedException {
    List<Path> manifests = manifests(examples);
    for (Path manifest : manifests) {
      try (InputStream in = Files.newInputStream(manifest)) {
        client.load(in).inNamespace("default").forceConflicts().serverSideApply();
      }
      out.println("applied " + examples.relativize(manifest));
    }
    waitForStatus();
    out.println();
    printResources(
        "ApiUser", client.resources(ApiUser.class).inNamespace("default").list().getItems());
    printResources(
        "ApiToken", client.resources(ApiToken.class).inNamespace("default").list().getItems());
    printResources(
        "Application",
        client.resources(Application.class).inNamespace("default").list().getItems());
    printSecrets();
    showVerification(httpPort);
    if (keepsRunning) {
      out.println();
      out.println("The local API server keeps running. To look around:");
      out.println("  export KUBECONFIG=" + kubeconfig);
      out.println("  kubectl get keyward");
      out.println("Press Ctrl-C to stop.");
    }
  }

  private static List<Path> manifests(Path examples) throws IOException {
    if (!Files.isDirectory(examples)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(examples)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(LocalDemo::isKeywardManifest)
          .sorted()
          .toList();
    }
  }

  /** Only Keyward's own resources: integration examples (nginx, Traefik) need a real cluster. */
  private static boolean isKeywardManifest(Path manifest) {
    try {
      return Files.readString(manifest)
          .lines()
          .anyMatch(l -> l.startsWith("apiVersion: keyward.dev/"));
    } catch (IOException e) {
      return false;
    }
  }

  private void waitForStatus() throws InterruptedException {
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      boolean settled =
          Stream.of(ApiUser.class, ApiToken.class, Application.class)
              .flatMap(k -> client.resources(k).inNamespace("default").list().getItems().stream())
              .allMatch(r -> statusOf(r) != null && statusOf(r).getPhase() != null);
      if (settled) {
        return;
      }
      Thread.sleep(200);
    }
  }

  private static KeywardStatus statusOf(CustomResource<?, ?> resource) {
    return resource.getStatus() instanceof KeywardStatus s ? s : null;
  }

  private void printResources(String kind, List<? extends CustomResource<?, ?>> resources) {
    for (CustomResource<?, ?> resource : resources) {
      KeywardStatus status = statusOf(resource);
      String phase = status == null ? "(no status yet)" : status.getPhase();
      out.printf("%-12s %-28s %s%n", kind, resource.getMetadata().getName(), phase);
      if (status != null) {
        status
            .getConditions()
            .forEach(
                c ->
                    out.printf(
                        "%-12s %-28s   %s=%s %s: %s%n",
                        "", "", c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
      }
    }
  }

  private void printSecrets() {
    List<Secret> secrets =
        client
            .secrets()
            .inNamespace("default")
            .withLabel("app.kubernetes.io/managed-by", "keyward")
            .list()
            .getItems();
    out.println();
    if (secrets.isEmpty()) {
      out.println("No Secrets generated yet.");
      return;
    }
    out.println("Generated Secrets (the only place the plaintext lives):");
    for (Secret secret : secrets) {
      if (KeywardNames.SIGNING_KEYS_SECRET.equals(name(secret))) {
        // Private signing keys are never shown, not even in the demo.
        out.println("  Secret " + name(secret) + ": JWT signing keys (private, not shown)");
        continue;
      }
      out.println("  Secret " + name(secret) + " (" + secret.getType() + ")");
      for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
        String value =
            new String(Base64.getDecoder().decode(entry.getValue()), StandardCharsets.UTF_8);
        out.println("    " + entry.getKey() + ": " + value);
      }
    }
  }

  /** Presents the first token's key to the running verification endpoint, as a client would. */
  private void showVerification(int httpPort) throws IOException, InterruptedException {
    Optional<ApiToken> token =
        client.resources(ApiToken.class).inNamespace("default").list().getItems().stream()
            .filter(t -> t.getStatus() != null && "Active".equals(t.getStatus().getPhase()))
            .findFirst();
    if (token.isEmpty()) {
      return;
    }
    Secret secret =
        client
            .secrets()
            .inNamespace("default")
            .withName(token.get().getStatus().getSecretName())
            .get();
    String dataKey = KeywardNames.tokenDataKey(token.get());
    String key =
        new String(
            Base64.getDecoder().decode(secret.getData().get(dataKey)), StandardCharsets.UTF_8);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI whoami = URI.create("http://localhost:" + httpPort + "/whoami");
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    HttpResponse<String> response;
    do {
      response =
          http.send(
              HttpRequest.newBuilder(whoami).header("Token", key).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        break;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    out.println();
    out.println("Verifying ApiToken " + token.get().getMetadata().getName() + "'s key:");
    out.println("  curl -H 'Token: <key>' " + whoami);
    out.println("  -> HTTP " + response.statusCode() + " " + response.body());
  }

  private static String name(HasMetadata resource) {
    return resource.getMetadata().getName();
  }
}
