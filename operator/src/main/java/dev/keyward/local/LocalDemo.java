package dev.keyward.local;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.AccessGrantSource;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.api.KeywardStatus;
import dev.keyward.api.SigningCredential;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the local mode shows a newcomer: creates the ClusterRoles of the default role map, applies
 * the example manifests (project namespaces and their grants first), waits for the operator to
 * report on them, and prints their status, where roles were bound and the Secrets Keyward
 * generated. Only ever used against the throwaway local API server.
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
    List<String> clusterRoles =
        ProjectClusterRoles.apply(client).stream().map(LocalDemo::name).toList();
    out.println("created ClusterRoles " + String.join(", ", clusterRoles));
    List<Path> manifests = manifests(examples);
    for (Path manifest : manifests) {
      try (InputStream in = Files.newInputStream(manifest)) {
        for (HasMetadata item : client.load(in).items()) {
          apply(item);
        }
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
    printResources(
        "SigningCred",
        client.resources(SigningCredential.class).inNamespace("default").list().getItems());
    printBindings();
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

  /**
   * Namespaces and cluster-scoped objects as they are, objects that name their namespace there
   * (AccessGrants live in the namespace that consents), everything else in {@code default}.
   */
  private void apply(HasMetadata item) {
    if (item instanceof Namespace || item.getMetadata().getNamespace() != null) {
      client.resource(item).forceConflicts().serverSideApply();
    } else {
      client.resource(item).inNamespace("default").forceConflicts().serverSideApply();
    }
  }

  /** Keyward manifests; those creating namespaces and grants first, so projects consent early. */
  private static List<Path> manifests(Path examples) throws IOException {
    if (!Files.isDirectory(examples)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(examples)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(LocalDemo::isKeywardManifest)
          .sorted(Comparator.comparing((Path p) -> !createsGrants(p)).thenComparing(Path::toString))
          .toList();
    }
  }

  private static boolean createsGrants(Path manifest) {
    try {
      return Files.readString(manifest).lines().anyMatch(l -> l.equals("kind: AccessGrant"));
    } catch (IOException e) {
      return false;
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
              .allMatch(
                  r ->
                      statusOf(r) != null
                          && statusOf(r).getPhase() != null
                          && (!(r instanceof Application)
                              || !"Active".equals(statusOf(r).getPhase())
                              || statusOf(r).getConditions().stream()
                                  .anyMatch(c -> "RolesBound".equals(c.getType()))));
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

  /** Where each Application's roles landed, and the grants that let them. */
  private void printBindings() {
    out.println();
    for (AccessGrant grant :
        client.resources(AccessGrant.class).inAnyNamespace().list().getItems()) {
      out.printf(
          "AccessGrant  %s/%s admits %s from %s%n",
          grant.getMetadata().getNamespace(),
          name(grant),
          grant.getSpec().getRoles(),
          grant.getSpec().getFrom().stream().map(AccessGrantSource::getNamespace).toList());
    }
    for (Application app :
        client.resources(Application.class).inNamespace("default").list().getItems()) {
      List<RoleBinding> bindings =
          client
              .rbac()
              .roleBindings()
              .inAnyNamespace()
              .withLabelSelector(KeywardNames.roleBindingSelector(app))
              .list()
              .getItems();
      for (RoleBinding binding : bindings) {
        out.printf(
            "RoleBinding  %s/%s: ServiceAccount %s gets ClusterRole %s%n",
            binding.getMetadata().getNamespace(),
            name(binding),
            KeywardNames.serviceAccountName(app),
            binding.getRoleRef().getName());
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
