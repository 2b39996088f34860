package dev.keyward.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.local.LocalCluster;
import dev.keyward.local.LocalNode;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestNode;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local node is a cluster the way users have one: pods reach the API server through the {@code
 * kubernetes} Service with their ServiceAccount token (and verify it with the {@code ca.crt} they
 * are given), reach other pods through a Service by its DNS names (kube-proxy and CoreDNS), and
 * {@code kubectl logs} and {@code exec} work (the API server calls the kubelet on the node
 * address). The host reaches pods at their addresses and NodePorts at the node address (ClusterIPs
 * route only inside the node's network namespace). Images imported into the node run without a
 * registry; a missing one fails the way a kubelet reports it.
 */
@Tag("node")
class ClusterNetworkingIT {

  private static final Duration POD_START = Duration.ofMinutes(2);
  private static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

  private static LocalNode node;
  private static KubernetesClient client;
  private static String ns;

  @BeforeAll
  static void start() {
    node = TestNode.node();
    client = TestCluster.client();
    ns = TestCluster.createNamespace("networking");
    client
        .pods()
        .inNamespace(ns)
        .resource(
            pod(
                "web",
                Map.of("app", "web"),
                "mkdir -p /www && echo hello from web > /www/index.html"
                    + " && echo web started && exec httpd -f -p 8080 -h /www"))
        .create();
    client
        .services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "web"))
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new IntOrString(8080))
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace(ns)
        .resource(withKubectl(pod("client", Map.of(), "echo client started && exec sleep 3600")))
        .create();
    for (String pod : List.of("web", "client")) {
      Pod ready =
          client
              .pods()
              .inNamespace(ns)
              .withName(pod)
              .waitUntilReady(POD_START.toSeconds(), TimeUnit.SECONDS);
      recordStart(ready);
    }
  }

  @AfterAll
  static void stop() {
    if (ns != null) {
      TestCluster.deleteNamespace(ns);
    }
  }

  @Test
  void aPodReachesTheApiServerThroughTheKubernetesServiceWithItsToken() {
    Pod pod = client.pods().inNamespace(ns).withName("client").get();
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals(SERVICE_ACCOUNT));
    assertThat(env("client", "KUBERNETES_SERVICE_HOST"))
        .isEqualTo(LocalCluster.KUBERNETES_SERVICE_IP);
    assertThat(env("client", "KUBERNETES_SERVICE_PORT")).isEqualTo("443");

    // kubectl as a plain HTTPS client: the Service's DNS name and the ClusterIP, the CA and the
    // token the pod was given (busybox's wget neither verifies certificates nor speaks the TLS
    // the API server does).
    String raw =
        "kubectl --server=%s --certificate-authority=%s/ca.crt --token=\"$(cat %s/token)\""
            + " get --raw /api 2>&1";
    for (String server :
        List.of(
            "https://kubernetes.default.svc",
            "https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT")) {
      LocalNode.ExecResult api =
          execShell("client", raw.formatted(server, SERVICE_ACCOUNT, SERVICE_ACCOUNT));
      assertThat(api.exitCode()).as(api.stdout()).isZero();
      assertThat(api.stdout()).contains("\"kind\":\"APIVersions\"");
    }
    // With another token the API server refuses.
    LocalNode.ExecResult refused =
        execShell(
            "client",
            ("kubectl --server=https://kubernetes.default.svc --certificate-authority=%s/ca.crt"
                    + " --token=not-the-token get --raw /api 2>&1")
                .formatted(SERVICE_ACCOUNT));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stdout()).contains("Unauthorized");
  }

  @Test
  void aClientWithInClusterConfigVerifiesTheApiServerAtTheClusterIp() {
    // kubectl without a kubeconfig is a client-go in-cluster client: KUBERNETES_SERVICE_HOST and
    // _PORT, the token and ca.crt, TLS verified against the ClusterIP.
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder(
                    withKubectl(
                        pod(
                            "in-cluster",
                            Map.of(),
                            "kubectl get --raw /api && kubectl auth whoami")))
                .editSpec()
                .withRestartPolicy("Never")
                .endSpec()
                .build())
        .create();
    Pod done =
        client
            .pods()
            .inNamespace(ns)
            .withName("in-cluster")
            .waitUntilCondition(
                p ->
                    p != null
                        && p.getStatus() != null
                        && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()),
                POD_START.toSeconds(),
                TimeUnit.SECONDS);
    String log = String.join("\n", LocalNode.podLog(client, ns, "in-cluster", "main"));
    assertThat(done.getStatus().getPhase()).as(log).isEqualTo("Succeeded");
    assertThat(log)
        .contains("\"APIVersions\"")
        .contains("system:serviceaccount:" + ns + ":default");
  }

  @Test
  void aPodReachesAServiceByItsDnsNames() throws Exception {
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(ns)
        .withLabel("kubernetes.io/service-name", "web")
        .informOnCondition(
            slices ->
                slices.stream()
                    .flatMap(s -> s.getEndpoints().stream())
                    .anyMatch(e -> Boolean.TRUE.equals(e.getConditions().getReady())))
        .get(POD_START.toSeconds(), TimeUnit.SECONDS);
    for (String url :
        List.of(
            "http://web." + ns + ".svc:80/",
            "http://web." + ns + ".svc.cluster.local/",
            "http://web/")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(execShell("client", "wget -q -O - " + url + " 2>&1").stdout())
                      .as(url)
                      .contains("hello from web"));
    }
    LocalNode.ExecResult lookup =
        execShell("client", "nslookup web." + ns + ".svc.cluster.local 2>&1");
    String clusterIp =
        client.services().inNamespace(ns).withName("web").get().getSpec().getClusterIP();
    assertThat(lookup.stdout()).contains(clusterIp);
    // The web pod reaches itself through its own Service (hairpin).
    assertThat(execShell("web", "wget -q -O - http://web." + ns + ".svc/ 2>&1").stdout())
        .contains("hello from web");
  }

  @Test
  void theHostReachesAPodAtItsAddressAndANodePortAtTheNodeAddress() throws Exception {
    client
        .services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("web-nodeport")
                .endMetadata()
                .withNewSpec()
                .withType("NodePort")
                .withSelector(Map.of("app", "web"))
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new IntOrString(8080))
                .endPort()
                .endSpec()
                .build())
        .create();
    int nodePort =
        client
            .services()
            .inNamespace(ns)
            .withName("web-nodeport")
            .get()
            .getSpec()
            .getPorts()
            .get(0)
            .getNodePort();
    String podIp = client.pods().inNamespace(ns).withName("web").get().getStatus().getPodIP();
    assertThat(podIp).startsWith(node.podSubnet().substring(0, node.podSubnet().lastIndexOf('.')));
    for (String url :
        List.of(
            "http://" + podIp + ":8080/", "http://" + node.nodeAddress() + ":" + nodePort + "/")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(httpGet(url)).as(url).contains("hello from web"));
    }
  }

  @Test
  void logsAndExecWorkThroughTheApi() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.pods().inNamespace(ns).withName("web").getLog())
                    .contains("web started"));
    assertThat(LocalNode.podLog(client, ns, "client", "main"))
        .anyMatch(line -> line.endsWith(" client started"));

    LocalNode.ExecResult hi = LocalNode.exec(client, ns, "client", "main", "echo", "hi");
    assertThat(hi.exitCode()).isZero();
    assertThat(hi.stdout()).isEqualTo("hi\n");
    assertThat(LocalNode.exec(client, ns, "client", "main", "sh", "-c", "exit 3").exitCode())
        .isEqualTo(3);

    // kubectl itself, with the cluster's kubeconfig.
    assertThat(kubectl("exec", "client", "--", "echo", "hi")).isEqualTo("hi\n");
    assertThat(kubectl("logs", "web")).contains("web started");
  }

  @Test
  void anImportedImageRunsWithoutARegistryAndAMissingOneFailsAsAKubeletReportsIt() {
    String alias = "ghcr.io/keyward/networking-test:0.1.0";
    List<String> names = node.importImage(LocalNode.imageDirectory().resolve("busybox.tar"), alias);
    assertThat(names).contains(LocalNode.WORKLOAD_IMAGE, alias);
    assertThat(node.images()).contains(alias);

    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder(
                    pod("imported", Map.of(), "echo from the imported image && exec sleep 3600"))
                .editSpec()
                .editFirstContainer()
                .withImage(alias)
                .withImagePullPolicy("IfNotPresent")
                .endContainer()
                .endSpec()
                .build())
        .create();
    String missing = "keyward.local/missing:1";
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder(pod("missing", Map.of(), "true"))
                .editSpec()
                .editFirstContainer()
                .withImage(missing)
                .withImagePullPolicy("IfNotPresent")
                .endContainer()
                .endSpec()
                .build())
        .create();

    client
        .pods()
        .inNamespace(ns)
        .withName("imported")
        .waitUntilReady(POD_START.toSeconds(), TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(LocalNode.podLog(client, ns, "imported", "main"))
                    .anyMatch(l -> l.endsWith("from the imported image")));

    Pod failing =
        client
            .pods()
            .inNamespace(ns)
            .withName("missing")
            .waitUntilCondition(
                p ->
                    waiting(p) != null
                        && List.of("ErrImagePull", "ImagePullBackOff")
                            .contains(waiting(p).getReason()),
                POD_START.toSeconds(),
                TimeUnit.SECONDS);
    assertThat(waiting(failing).getMessage()).contains(missing);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(events("missing"))
                    .anyMatch(
                        e ->
                            "Failed".equals(e.getReason())
                                && e.getMessage().startsWith("Failed to pull image \"" + missing))
                    .anyMatch(
                        e ->
                            "Failed".equals(e.getReason())
                                && e.getMessage().equals("Error: ErrImagePull")));
  }

  private static String httpGet(String url) throws IOException, InterruptedException {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Pod pod(String name, Map<String, String> labels, String script) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer()
        .withName("main")
        .withImage(LocalNode.WORKLOAD_IMAGE)
        .withImagePullPolicy("Never")
        .withCommand("/bin/sh", "-c", script)
        .endContainer()
        .endSpec()
        .build();
  }

  /** The cluster's kubectl (a static binary) mounted into the pod as {@code /bin/kubectl}. */
  private static Pod withKubectl(Pod pod) {
    return new PodBuilder(pod)
        .editSpec()
        .addNewVolume()
        .withName("kubectl")
        .withNewHostPath()
        .withPath(TestCluster.cluster().binary("kubectl").toString())
        .withType("File")
        .endHostPath()
        .endVolume()
        .editFirstContainer()
        .addNewVolumeMount()
        .withName("kubectl")
        .withMountPath("/bin/kubectl")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .endSpec()
        .build();
  }

  private static ContainerStateWaiting waiting(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .map(ContainerStatus::getState)
        .map(s -> s == null ? null : s.getWaiting())
        .filter(w -> w != null)
        .findFirst()
        .orElse(null);
  }

  private static List<Event> events(String pod) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static String env(String pod, String variable) {
    return execShell(pod, "printf %s \"$" + variable + "\"").stdout();
  }

  private static LocalNode.ExecResult execShell(String pod, String script) {
    return LocalNode.exec(client, ns, pod, "main", "sh", "-c", script);
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                TestCluster.cluster().binary("kubectl").toString(),
                "--kubeconfig",
                TestCluster.cluster().kubeconfig().toString(),
                "-n",
                ns));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** From the pod's creation to its Ready condition, into a file (never into an assertion). */
  private static void recordStart(Pod pod) {
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    Instant ready =
        pod.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(PodCondition::getLastTransitionTime)
            .map(Instant::parse)
            .findFirst()
            .orElse(Instant.now());
    try {
      Path file = Path.of("target", "pod-start.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "%s pod %s created %s, ready %s: %d ms%n"
              .formatted(
                  Instant.now(),
                  pod.getMetadata().getName(),
                  created,
                  ready,
                  Duration.between(created, ready).toMillis()),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
