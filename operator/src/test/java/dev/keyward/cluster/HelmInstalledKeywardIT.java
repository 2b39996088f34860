package dev.keyward.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.api.ApiToken;
import dev.keyward.local.LocalNode;
import dev.keyward.testing.HelmCli;
import dev.keyward.testing.PodCgroupMemory;
import dev.keyward.testing.PreviousChart;
import dev.keyward.testing.Tenants;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestNode;
import dev.keyward.testing.WorkloadCalls;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Keyward as the README's "Install with Helm" tells a user to run it, and nothing else: the chart
 * packaged with {@code helm package}, the image built by {@code scripts/build-image.sh} imported
 * into the node, {@code helm install} into {@code keyward-system} with default values except the
 * image; then a tenant holding only {@code edit} in its namespace whose workload calls {@code
 * /auth} through the Service's DNS name every second, an Application exchanging its secret at the
 * in-cluster token endpoint, a rotation with {@code restartOnRotation}, the leader pod deleted,
 * pods evicted as a drain would, the verifier on its own, {@code helm upgrade} and {@code helm
 * uninstall}. Steps build on each other and run in order; everything is observed through the API.
 * The figures (pod start to Ready, failover, calls made and lost) go to {@code
 * target/cluster-figures.txt}.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstalledKeywardIT {

  static final String RELEASE = "keyward";
  static final String SYSTEM = "keyward-system";
  static final String SERVICE_URL = "http://keyward.keyward-system.svc:8080";
  static final Duration WAIT = Duration.ofMinutes(3);

  private static final Map<String, String> figures = new LinkedHashMap<>();
  private static KubernetesClient admin;
  private static LocalNode node;
  private static HelmCli helm;
  private static Path chart;
  private static String team;
  private static KubernetesClient tenant;
  private static WorkloadCalls calls;
  private static Optional<PreviousChart.Extracted> previous;

  @BeforeAll
  static void installTheChart() throws Exception {
    node = TestNode.node();
    assumeTrue(HelmCli.binary().isPresent(), HelmCli::missing);
    Path image = Path.of(System.getProperty("keyward.image.tarball", "target/keyward-image.tar"));
    assertTrue(
        Files.isRegularFile(image),
        () -> image + " is missing: the build makes it (scripts/build-image.sh)");
    admin = TestCluster.client();
    helm = HelmCli.against(TestCluster.cluster().kubeconfig());
    node.importImage(image);
    Path dir = Files.createDirectories(Path.of("target/cluster-suite"));
    chart = helm.packageChart(TestCluster.repoRoot().resolve("helm/keyward"), dir);

    // Users upgrade from the chart they had: install that one first, upgrade in a step below.
    previous = PreviousChart.extract(dir.resolve("previous"));
    Instant start = Instant.now();
    helm.run(
            "install",
            RELEASE,
            previous.map(p -> p.chart().toString()).orElse(chart.toString()),
            "--namespace",
            SYSTEM,
            "--create-namespace",
            "--set",
            "image.repository=" + imageRepository(),
            "--set",
            "image.tag=" + imageTag())
        .orThrow();
    awaitAvailable(RELEASE, replicas());
    figures.put(
        "helm install to Available ("
            + previous.map(p -> "chart of " + p.commit()).orElse("this chart")
            + ")",
        seconds(start));
    team = TestCluster.createNamespace("team-a");
    tenant = Tenants.editor(team, "tenant-" + team);
    // What a cluster admin grants a team: its users may hold runner, its Applications researcher.
    Tenants.allowAssign(team, "tenant-" + team, "runner");
    Tenants.allowAssignAndBind(team, "tenant-" + team, "researcher", "keyward-researcher");
  }

  @AfterAll
  static void writeFigures() throws IOException {
    if (calls != null) {
      calls.close();
    }
    StringBuilder out = new StringBuilder();
    figures.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
    Files.writeString(Path.of("target/cluster-figures.txt"), out.toString());
  }

  /** Replicas of the chart installed first. */
  private static int replicas() throws IOException {
    if (previous.isEmpty()) {
      return 2;
    }
    return Files.readAllLines(previous.get().chart().resolve("values.yaml")).stream()
        .filter(l -> l.startsWith("replicas:"))
        .map(l -> Integer.parseInt(l.substring("replicas:".length()).strip()))
        .findFirst()
        .orElse(1);
  }

  static String imageRepository() {
    String ref = System.getProperty("keyward.image", "keyward.local/keyward-operator:0.1.0");
    return ref.substring(0, ref.lastIndexOf(':'));
  }

  static String imageTag() {
    String ref = System.getProperty("keyward.image", "keyward.local/keyward-operator:0.1.0");
    return ref.substring(ref.lastIndexOf(':') + 1);
  }

  @Test
  @Order(2)
  void anUpgradeFromThePreviousChartKeepsEveryKeyAndRestartsNothingThatDidNotChange() {
    assumeTrue(previous.isPresent(), "no previous chart: no Git history");
    String key = decoded(admin.secrets().inNamespace(team).withName("caller").get(), "token");
    Deployment before = admin.apps().deployments().inNamespace(SYSTEM).withName(RELEASE).get();
    List<String> podsBefore = names(operatorPods(RELEASE));
    long okBefore = calls.ok();
    Instant start = Instant.now();
    upgrade("--set", "image.repository=" + imageRepository(), "--set", "image.tag=" + imageTag())
        .orThrow();
    awaitAvailable(RELEASE, 2);
    figures.put("helm upgrade from the previous chart to Available", seconds(start));
    await(() -> calls.ok() >= okBefore + 5, "five more calls answered");
    figures.put("calls during the upgrade: made", String.valueOf(calls.ok() - okBefore));
    figures.put("calls during the upgrade: lost", String.valueOf(calls.failed().size()));

    assertThat(decoded(admin.secrets().inNamespace(team).withName("caller").get(), "token"))
        .as("the workload's key")
        .isEqualTo(key);
    assertThat(calls.failed()).as("calls that failed across the upgrade").isEmpty();
    Deployment after = admin.apps().deployments().inNamespace(SYSTEM).withName(RELEASE).get();
    if (Serialization.asJson(before.getSpec().getTemplate())
        .equals(Serialization.asJson(after.getSpec().getTemplate()))) {
      assertThat(names(operatorPods(RELEASE)))
          .as("pods of an unchanged pod template keep running")
          .containsAll(podsBefore);
    }
  }

  @Test
  @Order(3)
  void theOperatorRunsTwoReplicasFromItsImageAndOneOfThemLeads() {
    List<Pod> pods = operatorPods(RELEASE);
    assertThat(pods).hasSize(2);
    for (Pod pod : pods) {
      assertThat(pod.getSpec().getContainers().get(0).getImage())
          .isEqualTo(imageRepository() + ":" + imageTag());
      figures.put("pod " + pod.getMetadata().getName() + " start to Ready", startToReady(pod));
    }
    // After an upgrade that replaced the pods, the old leader's lease runs out first.
    await(
        () -> names(operatorPods(RELEASE)).contains(leader()),
        "one of the running pods holds the lease");
  }

  @Test
  @Order(1)
  void aTenantsWorkloadCallsAuthThroughTheServiceEverySecond() {
    apply(
        tenant,
        """
        apiVersion: keyward.dev/v1alpha1
        kind: ApiUser
        metadata: {name: caller}
        spec:
          roles: [runner]
        ---
        apiVersion: keyward.dev/v1alpha1
        kind: ApiToken
        metadata: {name: caller}
        spec:
          user: caller
          scopes: [runners.read]
          rotation:
            gracePeriod: 10m
          restartOnRotation:
            - kind: Deployment
              name: caller
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: caller}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: caller}
          template:
            metadata:
              labels: {app: caller}
            spec:
              containers:
                - name: caller
                  image: %s
                  command: [sh, -c, '%s']
                  env:
                    - name: API_KEY
                      valueFrom:
                        secretKeyRef: {name: caller, key: token}
        """
            .formatted(LocalNode.WORKLOAD_IMAGE, WorkloadCalls.callLoop(SERVICE_URL + "/auth")));
    calls = WorkloadCalls.follow(admin, team, "app", "caller", "caller");
    await(() -> calls.ok() >= 5, "five calls of the workload answered 200");
    assertThat(calls.failed()).as("calls that failed").isEmpty();
  }

  @Test
  @Order(4)
  void anApplicationExchangesItsSecretAtTheInClusterTokenEndpointWrittenInItsSecret() {
    apply(
        tenant,
        """
        apiVersion: keyward.dev/v1alpha1
        kind: Application
        metadata: {name: pipeline}
        spec:
          roles: [researcher]
          projects: [%s]
        """
            .formatted(team));
    Secret secret = awaitSecret(team, "pipeline", s -> s.getData().containsKey("tokenEndpoint"));
    String endpoint = decoded(secret, "tokenEndpoint");
    assertThat(endpoint).startsWith(SERVICE_URL);
    apply(
        tenant,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: exchange}
        spec:
          restartPolicy: Never
          containers:
            - name: exchange
              image: %s
              command: [sh, -c, 'wget -q -O- --post-data "grant_type=client_credentials&client_id=$APP_ID&client_secret=$APP_SECRET" "$ENDPOINT" | grep -o access_token...ey']
              env:
                - name: APP_ID
                  valueFrom: {secretKeyRef: {name: pipeline, key: appId}}
                - name: APP_SECRET
                  valueFrom: {secretKeyRef: {name: pipeline, key: appSecret}}
                - name: ENDPOINT
                  valueFrom: {secretKeyRef: {name: pipeline, key: tokenEndpoint}}
        """
            .formatted(LocalNode.WORKLOAD_IMAGE));
    Pod done =
        admin
            .pods()
            .inNamespace(team)
            .withName("exchange")
            .waitUntilCondition(
                p ->
                    p != null
                        && p.getStatus() != null
                        && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()),
                WAIT.toSeconds(),
                TimeUnit.SECONDS);
    String log = admin.pods().inNamespace(team).withName("exchange").getLog();
    assertThat(done.getStatus().getPhase()).as("exchange pod, log: " + log).isEqualTo("Succeeded");
    // RFC 6749 client credentials at the endpoint from the Secret; only the token's start is
    // printed.
    assertThat(log).startsWith("access_token\":\"ey");
  }

  @Test
  @Order(5)
  void aRotationRestartsTheWorkloadOnceAndNoCallFails() {
    ApiToken before = token("caller");
    long okBefore = calls.ok();
    int podsBefore = calls.pods();
    admin
        .resources(ApiToken.class)
        .inNamespace(team)
        .withName("caller")
        .edit(
            t -> {
              t.getMetadata().getAnnotations().put("keyward.dev/rotate", "cluster-suite");
              return t;
            });
    await(
        () ->
            !before
                .getStatus()
                .getKey()
                .getDigest()
                .equals(token("caller").getStatus().getKey().getDigest()),
        "the token has a new key");
    await(() -> calls.pods() > podsBefore, "the workload restarted");
    await(() -> calls.ok() >= okBefore + 10, "ten more calls answered");
    figures.put("calls during rotation: made", String.valueOf(calls.ok() - okBefore));
    figures.put("calls during rotation: lost", String.valueOf(calls.failed().size()));
    assertThat(calls.failed()).as("calls that failed across the rotation").isEmpty();
  }

  @Test
  @Order(6)
  void theOtherReplicaLeadsWithinTheLeaseWhenTheLeaderPodIsDeletedAndNoKeyIsIssuedTwice() {
    ApiToken before = token("caller");
    long issued = keyIssuedEvents();
    long okBefore = calls.ok();
    String old = leader();
    Instant deleted = Instant.now();
    admin.pods().inNamespace(SYSTEM).withName(old).withGracePeriod(0).delete();
    await(() -> !old.equals(leader()) && leader() != null, "another pod holds the lease");
    figures.put("failover (leader pod deleted to new holder)", seconds(deleted));
    awaitAvailable(RELEASE, 2);
    await(() -> calls.ok() >= okBefore + 10, "ten more calls answered");
    figures.put("calls during failover: made", String.valueOf(calls.ok() - okBefore));
    figures.put("calls during failover: lost", String.valueOf(calls.failed().size()));
    assertThat(calls.failed()).as("calls that failed across the failover").isEmpty();
    assertThat(token("caller").getStatus().getKey().getDigest())
        .isEqualTo(before.getStatus().getKey().getDigest());
    assertThat(keyIssuedEvents()).as("KeyIssued events").isEqualTo(issued);
  }

  @Test
  @Order(7)
  void evictionsAsADrainSendsThemLeaveOneReplicaServing() {
    List<Pod> pods = operatorPods(RELEASE);
    assertThat(pods).hasSize(2);
    // As a drain meets it: the budget's status counts exactly these two pods, one may go.
    admin
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(SYSTEM)
        .withName(RELEASE)
        .waitUntilCondition(
            b ->
                b != null
                    && b.getStatus() != null
                    && Long.valueOf(b.getMetadata().getGeneration())
                        .equals(b.getStatus().getObservedGeneration())
                    && Integer.valueOf(2).equals(b.getStatus().getCurrentHealthy())
                    && Integer.valueOf(2).equals(b.getStatus().getExpectedPods())
                    && Integer.valueOf(1).equals(b.getStatus().getDisruptionsAllowed()),
            WAIT.toSeconds(),
            TimeUnit.SECONDS);
    try (KubernetesClient drain =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(admin.getConfiguration())
                    // A 429 is the budget's answer: see it, as kubectl drain does, not a retry.
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      assertThat(evict(drain, pods.get(0))).as("the first eviction").isTrue();
      assertThat(evict(drain, pods.get(1)))
          .as("the second eviction, while the first pod's replacement is not Ready")
          .isFalse();
      // A drain retries: the budget grants the second once the replacement is Ready.
      Instant refusedSince = Instant.now();
      await(() -> evict(drain, pods.get(1)), "the second eviction granted");
      figures.put("second eviction held back by the budget", seconds(refusedSince));
      List<Pod> ready =
          operatorPods(RELEASE).stream()
              .filter(p -> !names(pods).contains(p.getMetadata().getName()))
              .filter(HelmInstalledKeywardIT::isReady)
              .toList();
      assertThat(ready).as("the first pod's replacement, Ready when the second goes").isNotEmpty();
    }
    awaitAvailable(RELEASE, 2);
    assertThat(calls.failed()).as("calls that failed across the evictions").isEmpty();
  }

  @Test
  @Order(8)
  void anUpgradeWithTheSameValuesRestartsNothingAndKeepsEveryKey() {
    List<String> podsBefore = names(operatorPods(RELEASE));
    String key = decoded(admin.secrets().inNamespace(team).withName("caller").get(), "token");
    upgrade("--reuse-values").orThrow();
    awaitAvailable(RELEASE, 2);
    assertThat(names(operatorPods(RELEASE))).containsExactlyInAnyOrderElementsOf(podsBefore);
    assertThat(decoded(admin.secrets().inNamespace(team).withName("caller").get(), "token"))
        .isEqualTo(key);
  }

  /**
   * A figure, not a check: the operator pods' memory as their cgroups account it with 10,000 Active
   * tokens, beside the chart's limit; written to the figures file. Last before uninstall: the
   * tokens stay (uninstall leaves them).
   */
  @Test
  @Order(13)
  void theOperatorsMemoryWithTenThousandTokensIsRecordedFromItsCgroup() throws Exception {
    // The chart's defaults again: the operator pods serve the HTTP API too.
    upgrade("--reuse-values", "--set", "verifier.separate=false").orThrow();
    awaitAvailable(RELEASE, 2);
    int tokens = Integer.getInteger("keyward.cluster.tokens", 10_000);
    String load = TestCluster.createNamespace("load");
    admin
        .load(
            new ByteArrayInputStream(
                "apiVersion: keyward.dev/v1alpha1\nkind: ApiUser\nmetadata: {name: load}\nspec: {roles: [runner]}\n"
                    .getBytes(StandardCharsets.UTF_8)))
        .inNamespace(load)
        .create();
    Instant start = Instant.now();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
      for (int i = 0; i < tokens; i++) {
        String name = "t" + i;
        writes.add(
            pool.submit(
                () -> {
                  ApiToken token = new ApiToken();
                  token.getMetadata().setName(name);
                  token.setSpec(new dev.keyward.api.ApiTokenSpec());
                  token.getSpec().setUser("load");
                  admin.resource(token).inNamespace(load).create();
                }));
      }
      for (var write : writes) {
        write.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    org.awaitility.Awaitility.await("all tokens Active")
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                admin.resources(ApiToken.class).inNamespace(load).list().getItems().stream()
                        .filter(
                            t -> t.getStatus() != null && "Active".equals(t.getStatus().getPhase()))
                        .count()
                    == tokens);
    figures.put(tokens + " tokens created and Active", seconds(start));
    // Let a few collections pass, then read what each pod's cgroup accounts.
    Thread.sleep(20_000);
    for (Pod pod : operatorPods(RELEASE)) {
      PodCgroupMemory memory =
          PodCgroupMemory.ofPod(pod.getMetadata().getUid())
              .orElseThrow(
                  () -> new AssertionError("no cgroup for pod " + pod.getMetadata().getName()));
      figures.put(
          "memory at "
              + tokens
              + " tokens, pod "
              + pod.getMetadata().getName()
              + (pod.getMetadata().getName().equals(leader()) ? " (leader)" : "")
              + ": working set; usage; RSS (MiB)",
          mib(memory.workingSetBytes())
              + "; "
              + mib(memory.usageBytes())
              + "; "
              + mib(memory.rssBytes()));
    }
    figures.put(
        "memory limit of the operator container",
        admin
            .apps()
            .deployments()
            .inNamespace(SYSTEM)
            .withName(RELEASE)
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources()
            .getLimits()
            .get("memory")
            .toString());
    // A container that restarted under the load is a figure too, with why it ended (an OOM kill,
    // a failed liveness probe, an exit): the check is that both serve again.
    for (Pod pod : operatorPods(RELEASE)) {
      for (var container : pod.getStatus().getContainerStatuses()) {
        var ended =
            container.getLastState() == null ? null : container.getLastState().getTerminated();
        figures.put(
            "restarts at " + tokens + " tokens, pod " + pod.getMetadata().getName(),
            container.getRestartCount()
                + (ended == null
                    ? ""
                    : " (last ended: "
                        + ended.getReason()
                        + ", exit "
                        + ended.getExitCode()
                        + ")"));
      }
    }
    awaitAvailable(RELEASE, 2);
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
  }

  @Test
  @Order(9)
  void withTheNetworkPolicyOnAPodOfAnotherNamespaceReachesTheHttpPortAndNothingElse() {
    assumeTrue(node.enforcesNetworkPolicy(), LocalNode.NETWORK_POLICY_MISSING);
    upgrade("--reuse-values", "--set", "networkPolicy.enabled=true").orThrow();
    String outsider = TestCluster.createNamespace("outsider");
    List<String> targets = new java.util.ArrayList<>();
    for (Pod pod : operatorPods(RELEASE)) {
      String ip = pod.getStatus().getPodIP();
      targets.add("http://" + ip + ":8080/auth");
      targets.add("http://" + ip + ":8081/healthz");
      targets.add("http://" + ip + ":9090/metrics");
    }
    List<String> lines = probe(outsider, targets);
    for (int i = 0; i < lines.size(); i++) {
      String expected = i % 3 == 0 ? " answered" : " unreachable";
      assertThat(lines.get(i)).as(targets.get(i)).endsWith(expected);
    }
    // The kubelet's probes (from the node) still pass: both pods stay Ready.
    awaitAvailable(RELEASE, 2);
    assertThat(calls.failed()).as("the tenant's calls through the Service").isEmpty();
    upgrade("--reuse-values", "--set", "networkPolicy.enabled=false").orThrow();
  }

  /**
   * Runs a pod in {@code namespace} that asks each URL once (3 s at most) and prints "<url>
   * answered" for any HTTP answer, or "<url> unreachable" when nothing answered at all.
   */
  private static List<String> probe(String namespace, List<String> urls) {
    String name = "probe-" + Math.abs(urls.hashCode() % 100000);
    String script =
        "for u in "
            + String.join(" ", urls)
            + "; do out=$(timeout 3 wget -q -O /dev/null $u 2>&1); rc=$?; "
            + "if [ $rc -eq 0 ] || echo \"$out\" | grep -q \"server returned error\"; "
            + "then echo \"$u answered\"; else echo \"$u unreachable\"; fi; done";
    Pod pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("probe")
            .withImage(LocalNode.WORKLOAD_IMAGE)
            .withCommand("sh", "-c", script)
            .endContainer()
            .endSpec()
            .build();
    admin.pods().inNamespace(namespace).resource(pod).create();
    admin
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(
            p -> p != null && p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()),
            WAIT.toSeconds(),
            TimeUnit.SECONDS);
    return admin.pods().inNamespace(namespace).withName(name).getLog().lines().toList();
  }

  @Test
  @Order(10)
  void withTheVerifierOnItsOwnTheVerifierPodsServeAndTheOperatorPodsServeNoHttpApi() {
    // Clients move to the verifier's Service: the operator's serves no HTTP API any more.
    calls.close();
    figures.put(
        "workload calls in all (answered, failed)", calls.ok() + ", " + calls.failed().size());
    upgrade("--reuse-values", "--set", "verifier.separate=true").orThrow();
    awaitAvailable(RELEASE + "-verifier", 2);
    awaitAvailable(RELEASE, 2);
    apply(
        tenant,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: probe}
        spec:
          restartPolicy: Never
          containers:
            - name: probe
              image: %s
              command: [sh, -c, 'for u in %s; do if timeout 3 wget -q -O /dev/null --header "X-API-Key: $API_KEY" $u/auth 2>/dev/null; then echo "$u ok"; else echo "$u refused"; fi; done']
              env:
                - name: API_KEY
                  valueFrom: {secretKeyRef: {name: caller, key: token}}
        """
            .formatted(
                LocalNode.WORKLOAD_IMAGE,
                "http://keyward-verifier.keyward-system.svc:8080 "
                    + String.join(
                        " ",
                        operatorPods(RELEASE).stream()
                            .map(p -> "http://" + p.getStatus().getPodIP() + ":8080")
                            .toList())));
    admin
        .pods()
        .inNamespace(team)
        .withName("probe")
        .waitUntilCondition(
            p -> p != null && p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()),
            WAIT.toSeconds(),
            TimeUnit.SECONDS);
    List<String> lines = admin.pods().inNamespace(team).withName("probe").getLog().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).endsWith(" ok");
    assertThat(lines.subList(1, 3)).allSatisfy(l -> assertThat(l).endsWith(" refused"));
  }

  @Test
  @Order(11)
  void aValueTheSchemaRefusesIsNamedAndNothingChanges() {
    long revision = revision();
    HelmCli.Result refused = upgrade("--reuse-values", "--set", "replicas=0");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("replicas");
    assertThat(revision()).as("the release's revision").isEqualTo(revision);
  }

  @Test
  @Order(12)
  void anUpgradeToAnImageThatIsMissingNamesItInAnEventAndTheOldPodsKeepServing() {
    List<String> serving = names(operatorPods(RELEASE + "-verifier"));
    String missing = imageRepository() + ":does-not-exist";
    upgrade("--reuse-values", "--set", "image.tag=does-not-exist").orThrow();
    await(
        () ->
            admin.v1().events().inNamespace(SYSTEM).list().getItems().stream()
                .anyMatch(e -> "Failed".equals(e.getReason()) && e.getMessage().contains(missing)),
        "an event naming " + missing);
    assertThat(names(operatorPods(RELEASE + "-verifier")))
        .as("verifier pods still running")
        .containsAll(serving);
    helm.run("rollback", RELEASE, "--namespace", SYSTEM).orThrow();
    awaitAvailable(RELEASE + "-verifier", 2);
    awaitAvailable(RELEASE, 2);
  }

  @Test
  @Order(14)
  void uninstallLeavesTheResourcesAndTheirSecrets() {
    helm.run("uninstall", RELEASE, "--namespace", SYSTEM).orThrow();
    await(() -> operatorPods(RELEASE).isEmpty(), "the operator pods are gone");
    assertThat(admin.resources(ApiToken.class).inNamespace(team).withName("caller").get())
        .isNotNull();
    assertThat(admin.secrets().inNamespace(team).withName("caller").get()).isNotNull();
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("apitokens.keyward.dev")
                .get())
        .as("the CRDs (Helm never deletes crds/)")
        .isNotNull();
  }

  // --- helpers

  /** Creates every object of {@code yaml} in the tenant's namespace, as {@code client}. */
  private static void apply(KubernetesClient client, String yaml) {
    client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .inNamespace(team)
        .create();
  }

  /** Whether the API server granted the eviction (false: refused with 429 by the budget). */
  private static boolean evict(KubernetesClient client, Pod pod) {
    Eviction eviction =
        new EvictionBuilder()
            .withNewMetadata()
            .withName(pod.getMetadata().getName())
            .withNamespace(SYSTEM)
            .endMetadata()
            .build();
    return client.pods().inNamespace(SYSTEM).withName(pod.getMetadata().getName()).evict(eviction);
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * The running pods of the operator ({@code keyward}) or the verifier ({@code keyward-verifier}).
   */
  private static List<Pod> operatorPods(String deployment) {
    String name = nameLabel(deployment);
    return admin
        .pods()
        .inNamespace(SYSTEM)
        .withLabel("app.kubernetes.io/instance", RELEASE)
        .withLabel("app.kubernetes.io/name", name)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** {@code helm upgrade} of the release to this chart, with these options. */
  private static HelmCli.Result upgrade(String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("upgrade", RELEASE, chart.toString(), "--namespace", SYSTEM));
    args.addAll(List.of(options));
    return helm.run(args.toArray(String[]::new));
  }

  private static long revision() {
    String out =
        helm.run("status", RELEASE, "--namespace", SYSTEM, "-o", "json").orThrow().output();
    try {
      return Serialization.jsonMapper().readTree(out).path("version").asLong();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The {@code app.kubernetes.io/name} of the operator's or the verifier's pods. */
  private static String nameLabel(String deployment) {
    return deployment.equals(RELEASE) ? "keyward" : "keyward-verifier";
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }

  private static void awaitAvailable(String deployment, int replicas) {
    admin
        .apps()
        .deployments()
        .inNamespace(SYSTEM)
        .withName(deployment)
        .waitUntilCondition(
            (Deployment d) ->
                d != null
                    && d.getStatus() != null
                    && d.getStatus().getObservedGeneration() != null
                    && d.getStatus().getObservedGeneration().equals(d.getMetadata().getGeneration())
                    && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas())
                    && Integer.valueOf(replicas).equals(d.getStatus().getUpdatedReplicas())
                    && Integer.valueOf(replicas).equals(d.getStatus().getReplicas()),
            WAIT.toSeconds(),
            TimeUnit.SECONDS);
    // And the rollout is over: no pod of an earlier template is still terminating (serving).
    String name = nameLabel(deployment);
    await(
        () ->
            admin
                    .pods()
                    .inNamespace(SYSTEM)
                    .withLabel("app.kubernetes.io/instance", RELEASE)
                    .withLabel("app.kubernetes.io/name", name)
                    .list()
                    .getItems()
                    .size()
                == replicas,
        "only the " + replicas + " pods of " + deployment + "'s current template");
  }

  private static String leader() {
    Lease lease = admin.leases().inNamespace(SYSTEM).withName("keyward-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static ApiToken token(String name) {
    return admin.resources(ApiToken.class).inNamespace(team).withName(name).get();
  }

  private static long keyIssuedEvents() {
    return admin.v1().events().inNamespace(team).list().getItems().stream()
        .filter(e -> "KeyIssued".equals(e.getReason()))
        .filter(e -> "caller".equals(e.getInvolvedObject().getName()))
        .mapToLong(e -> e.getCount() == null ? 1 : e.getCount())
        .sum();
  }

  private static Secret awaitSecret(String ns, String name, Predicate<Secret> ready) {
    return admin
        .secrets()
        .inNamespace(ns)
        .withName(name)
        .waitUntilCondition(
            s -> s != null && s.getData() != null && ready.test(s),
            WAIT.toSeconds(),
            TimeUnit.SECONDS);
  }

  private static String decoded(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)));
  }

  private static String startToReady(Pod pod) {
    Instant started = Instant.parse(pod.getStatus().getStartTime());
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(PodCondition::getLastTransitionTime)
        .map(Instant::parse)
        .findFirst()
        .map(ready -> Duration.between(started, ready).toMillis() / 1000.0 + " s")
        .orElse("not Ready");
  }

  private static String seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0 + " s";
  }

  /** Waits, re-checking on a short poll of the API, for {@code condition}. */
  private static void await(java.util.concurrent.Callable<Boolean> condition, String what) {
    org.awaitility.Awaitility.await(what)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(condition);
  }
}
