package dev.keyward.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import dev.keyward.api.ApiToken;
import dev.keyward.api.Application;
import dev.keyward.operator.ClientConfigs;
import dev.keyward.testing.KeywardProcess;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./keyward --local-cluster-only} keeps a local API server apart from the operator:
 * operators run as {@code KUBECONFIG=… ./keyward} in JVMs of their own, are killed and restarted
 * against it.
 */
class LocalClusterOnlyIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Set<String> KEY_WRITES = Set.of("KeyIssued", "KeyAdopted", "KeyReissued");

  private static KeywardProcess clusterProcess;
  private static Path kubeconfig;
  private static KubernetesClient client;

  @BeforeAll
  static void startLocalClusterOnly() throws Exception {
    clusterProcess = KeywardProcess.start(List.of(), List.of("--local-cluster-only"), Map.of());
    kubeconfig = Path.of(clusterProcess.awaitOutput("export KUBECONFIG=(\\S+)", START_TIMEOUT));
    client = ClientConfigs.client(Config.fromKubeconfig(Files.readString(kubeconfig)));
  }

  @AfterAll
  static void stopLocalCluster() {
    if (client != null) {
      client.close();
    }
    if (clusterProcess != null) {
      clusterProcess.close();
    }
  }

  @Test
  void operatorKilledAndRestartedAgainstTheSameApiServerRewritesNoKey() throws Exception {
    String ns = namespace("restart");
    Map<String, String> secretVersions;
    Map<String, Map<String, String>> secretData;
    String tokenDigest;
    String appDigest;
    Map<String, Integer> keyEvents;
    try (KeywardProcess first = startOperator(List.of())) {
      apply(ns, USER);
      apply(ns, TOKEN);
      apply(ns, APPLICATION);
      awaitActive(ns);
      secretVersions = secretVersions(ns);
      secretData = secretData(ns);
      tokenDigest = token(ns).getStatus().getKey().getDigest();
      appDigest = application(ns).getStatus().getKey().getDigest();
      // Both keys issued, each once. (A KeyAdopted right after an issue is a known race of the
      // first operator's status cache; it is counted in the snapshot and must not grow.)
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          client.v1().events().inNamespace(ns).list().getItems().stream()
                              .filter(e -> "KeyIssued".equals(e.getReason()))
                              .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                              .sum())
                      .as("the first operator issued both keys")
                      .isEqualTo(2));
      keyEvents = keyEvents(ns);
      assertThat(secretVersions).containsKeys("ci", "pipeline");

      first.kill();
      assertThat(first.handle().isAlive()).isFalse();
    }

    try (KeywardProcess second = startOperator(List.of())) {
      // The restarted operator reconciles every resource it finds once at start.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(second.reconciledKinds())
                      .contains("ApiUser", "ApiToken", "Application"));

      assertThat(secretVersions(ns)).isEqualTo(secretVersions);
      assertThat(secretData(ns)).isEqualTo(secretData);
      assertThat(token(ns).getStatus().getKey().getDigest()).isEqualTo(tokenDigest);
      assertThat(application(ns).getStatus().getKey().getDigest()).isEqualTo(appDigest);
      assertThat(keyEvents(ns)).as("no key issued or adopted again").isEqualTo(keyEvents);
    }
  }

  @Test
  void httpPortAloneSetsTheTokenEndpointAndTheIssuer() throws Exception {
    int port = KeywardProcess.freePort();
    String ns = namespace("port");
    try (KeywardProcess operator = startOperator(List.of("--http-port", Integer.toString(port)))) {
      apply(ns, APPLICATION);
      awaitSecret(ns, "pipeline");

      String endpoint = secretValue(ns, "pipeline", "tokenEndpoint");
      assertThat(endpoint).isEqualTo("http://localhost:" + port + "/oauth/token");
      assertThat(issuerOfTokenFrom(endpoint, ns)).isEqualTo("http://localhost:" + port);
    }
  }

  @Test
  void httpPortZeroNamesThePortActuallyServed() throws Exception {
    String ns = namespace("port-zero");
    try (KeywardProcess operator = startOperator(List.of("--http-port", "0"))) {
      apply(ns, APPLICATION);
      awaitSecret(ns, "pipeline");

      String endpoint = secretValue(ns, "pipeline", "tokenEndpoint");
      assertThat(endpoint).matches("http://localhost:[1-9][0-9]*/oauth/token");
      String base = endpoint.substring(0, endpoint.length() - "/oauth/token".length());
      // The exchange answers at the endpoint the Secret names, so its port is the one served.
      assertThat(issuerOfTokenFrom(endpoint, ns)).isEqualTo(base);
    }
  }

  private static final String USER =
      """
      apiVersion: keyward.dev/v1alpha1
      kind: ApiUser
      metadata:
        name: owner
      spec:
        roles: [runner]
      """;

  private static final String TOKEN =
      """
      apiVersion: keyward.dev/v1alpha1
      kind: ApiToken
      metadata:
        name: ci
      spec:
        user: owner
        scopes: [runners.read]
      """;

  private static final String APPLICATION =
      """
      apiVersion: keyward.dev/v1alpha1
      kind: Application
      metadata:
        name: pipeline
      spec:
        roles: [runner]
        projects: []
      """;

  /** {@code KUBECONFIG=… ./keyward} with its own ports; ready once /readyz answers. */
  private static KeywardProcess startOperator(List<String> arguments) throws Exception {
    int health = KeywardProcess.freePort();
    int metrics = KeywardProcess.freePort();
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "--health-port", Integer.toString(health),
                "--metrics-port", Integer.toString(metrics),
                // Against a cluster the role map file is required, as in the chart.
                "--role-map", TestCluster.repoRoot().resolve("config/role-map.yaml").toString()));
    if (!arguments.contains("--http-port")) {
      all.addAll(List.of("--http-port", Integer.toString(KeywardProcess.freePort())));
    }
    all.addAll(arguments);
    KeywardProcess operator =
        KeywardProcess.start(List.of(), all, Map.of("KUBECONFIG", kubeconfig.toString()))
            .withMetricsPort(metrics);
    operator.awaitReady("http://localhost:" + health + "/readyz", START_TIMEOUT);
    return operator;
  }

  private static String namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static void apply(String ns, String yaml) {
    client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .inNamespace(ns)
        .forceConflicts()
        .serverSideApply();
  }

  private static ApiToken token(String ns) {
    return client.resources(ApiToken.class).inNamespace(ns).withName("ci").get();
  }

  private static Application application(String ns) {
    return client.resources(Application.class).inNamespace(ns).withName("pipeline").get();
  }

  private static void awaitActive(String ns) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(token(ns).getStatus()).isNotNull();
              assertThat(token(ns).getStatus().getPhase()).isEqualTo("Active");
              assertThat(token(ns).getStatus().getKey()).isNotNull();
              assertThat(application(ns).getStatus()).isNotNull();
              assertThat(application(ns).getStatus().getPhase()).isEqualTo("Active");
              assertThat(application(ns).getStatus().getKey()).isNotNull();
            });
  }

  private static void awaitSecret(String ns, String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(client.secrets().inNamespace(ns).withName(name).get()).isNotNull());
  }

  private static List<Secret> secrets(String ns) {
    return client
        .secrets()
        .inNamespace(ns)
        .withLabel("app.kubernetes.io/managed-by", "keyward")
        .list()
        .getItems();
  }

  private static Map<String, String> secretVersions(String ns) {
    return secrets(ns).stream()
        .collect(
            Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s.getMetadata().getResourceVersion()));
  }

  private static Map<String, Map<String, String>> secretData(String ns) {
    return secrets(ns).stream()
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), Secret::getData));
  }

  private static String secretValue(String ns, String name, String key) {
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** Events that wrote a key, by uid, with how often each happened. */
  private static Map<String, Integer> keyEvents(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> KEY_WRITES.contains(e.getReason()))
        .collect(
            Collectors.toMap(
                e -> e.getMetadata().getUid(),
                (Event e) -> e.getCount() == null ? 1 : e.getCount()));
  }

  /** Exchanges the Application's id and secret at {@code endpoint}; the token's {@code iss}. */
  private static String issuerOfTokenFrom(String endpoint, String ns) throws Exception {
    String basic =
        secretValue(ns, "pipeline", "appId") + ":" + secretValue(ns, "pipeline", "appSecret");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // The exchange learns of a new Application through its informer.
    do {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        break;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String accessToken =
        new io.vertx.core.json.JsonObject(response.body()).getString("access_token");
    return SignedJWT.parse(accessToken).getJWTClaimsSet().getIssuer();
  }
}
