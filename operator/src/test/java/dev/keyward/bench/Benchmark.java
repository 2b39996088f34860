package dev.keyward.bench;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.local.LocalCluster;
import dev.keyward.operator.CrdInstaller;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Keyward's benchmarks: reconcile throughput against the write floor, verification throughput and
 * latency against a constant-response server, operator heap, and the JWT issue rate. Sizes come
 * from environment variables (see {@link BenchmarkSettings}); figures go to a Markdown file.
 */
public final class Benchmark {

  private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(30);

  private final BenchmarkSettings settings;
  private final LocalCluster cluster;
  private final KubernetesClient client;

  private Benchmark(BenchmarkSettings settings, LocalCluster cluster, KubernetesClient client) {
    this.settings = settings;
    this.cluster = cluster;
    this.client = client;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkSettings settings = BenchmarkSettings.fromEnvironment(System.getenv());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    progress("starting a local Kubernetes API server");
    try (LocalCluster cluster = LocalCluster.start();
        KubernetesClient client = cluster.newClient()) {
      CrdInstaller.install(client);
      Results results = new Benchmark(settings, cluster, client).run();
      ResultsReport.write(results, settings.output());
      progress("results written to " + settings.output());
      System.out.print(ResultsReport.render(results));
    }
  }

  private Results run() throws Exception {
    int tokens = settings.reconcileTokens();
    progress("write floor: " + tokens + " tokens, no operator running");
    WriteFloor writeFloor = new WriteFloor(client);
    BenchObjects.createNamespace(client, "bench-floor-warmup");
    writeFloor.run("bench-floor-warmup", settings.warmupTokens(), concurrency(), WRITE_TIMEOUT);
    BenchObjects.createNamespace(client, "bench-floor");
    double floor = writeFloor.run("bench-floor", tokens, concurrency(), WRITE_TIMEOUT);
    progress(String.format("write floor: %.2f s", floor));
    removeObjects("bench-floor-warmup");
    removeObjects("bench-floor");

    int httpPort = JvmProcess.freePort();
    int healthPort = JvmProcess.freePort();
    try (JvmProcess operator = startOperator(httpPort, healthPort)) {
      warmUpOperator("bench-warmup");
      progress("operator: " + tokens + " tokens");
      BenchObjects.createNamespace(client, "bench");
      BenchObjects.createOwner(client, "bench");
      awaitOwnerActive("bench");
      double reconcile;
      double scale;
      try (ActiveTokenWatch watch = new ActiveTokenWatch(client, "bench")) {
        long start = System.nanoTime();
        createTokens("bench", 0, tokens);
        reconcile = (watch.awaitActive(tokens, WRITE_TIMEOUT) - start) / 1e9;
        progress(String.format("operator: %.2f s", reconcile));
        progress("scaling to " + settings.indexedTokens() + " Active tokens");
        long scaleStart = System.nanoTime();
        createTokens("bench", tokens, settings.indexedTokens());
        scale = (watch.awaitActive(settings.indexedTokens(), WRITE_TIMEOUT) - scaleStart) / 1e9;
        progress(String.format("scaled in %.1f s", scale));
      }
      Thread.sleep(settings.settle().toMillis());
      long heapWithTokens = HeapProbe.liveBytes(operator.pid());
      progress(String.format("operator live heap: %,d bytes", heapWithTokens));
      String heapInfo = HeapProbe.heapSummary(operator.pid());
      progress("creating " + settings.unrelatedSecrets() + " unrelated Secrets");
      BenchObjects.createNamespace(client, "bench-unrelated");
      Parallel.forEach(
          0,
          settings.unrelatedSecrets(),
          concurrency(),
          WRITE_TIMEOUT,
          i -> BenchObjects.createUnrelatedSecret(client, "bench-unrelated", i));
      Thread.sleep(settings.settle().toMillis());
      long heapWithSecrets = HeapProbe.liveBytes(operator.pid());
      progress(String.format("operator live heap: %,d bytes", heapWithSecrets));

      Wrk wrk = new Wrk(settings.wrkThreads(), settings.wrkConnections());
      try (KeyFile keys = KeyFile.harvest(client, "bench")) {
        requireAccepted(httpPort, keys.firstKey());
        progress("load on Keyward /auth with " + keys.count() + " keys");
        Wrk.Result keyward = load(wrk, httpPort, keys);
        Wrk.Result constant = loadConstantServer(wrk, keys);
        return new Results(
            Instant.now(),
            settings,
            MachineInfo.current(),
            kubernetesDescription(),
            Wrk.version(),
            floor,
            reconcile,
            scale,
            keys.count(),
            keyward,
            constant,
            heapWithTokens,
            heapWithSecrets,
            heapInfo,
            JwtIssueRate.measure(client, "bench", settings.load()));
      }
    }
  }

  private JvmProcess startOperator(int httpPort, int healthPort) throws InterruptedException {
    progress("starting the operator process");
    JvmProcess operator =
        JvmProcess.start(
            "operator",
            List.of(
                "-jar",
                settings.operatorJar().toAbsolutePath().toString(),
                "--http-port",
                Integer.toString(httpPort),
                "--health-port",
                Integer.toString(healthPort),
                "--role-map",
                Path.of("config/role-map.yaml").toAbsolutePath().toString()),
            Map.of("KUBECONFIG", cluster.kubeconfig().toString()));
    try {
      operator.awaitReady("http://127.0.0.1:" + healthPort + "/readyz", Duration.ofMinutes(2));
      return operator;
    } catch (RuntimeException | InterruptedException e) {
      operator.close();
      throw e;
    }
  }

  private Wrk.Result loadConstantServer(Wrk wrk, KeyFile keys) throws InterruptedException {
    int port = JvmProcess.freePort();
    try (JvmProcess server =
        JvmProcess.start(
            "constant",
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ConstantResponseServer.class.getName(),
                Integer.toString(port)),
            Map.of())) {
      server.awaitReady("http://127.0.0.1:" + port + "/auth", Duration.ofMinutes(1));
      progress("load on the constant-response server");
      return load(wrk, port, keys);
    }
  }

  private Wrk.Result load(Wrk wrk, int port, KeyFile keys) throws InterruptedException {
    wrk.run(port, keys.path(), settings.warmup());
    Wrk.Result result = wrk.run(port, keys.path(), settings.load());
    progress(
        String.format(
            "%.0f requests/s, p50 %.2f ms, p99 %.2f ms",
            result.requestsPerSecond(), result.p50(), result.p99()));
    return result;
  }

  /** Lets the operator reconcile a few tokens before the timed run, then removes them. */
  private void warmUpOperator(String namespace) throws InterruptedException {
    BenchObjects.createNamespace(client, namespace);
    BenchObjects.createOwner(client, namespace);
    awaitOwnerActive(namespace);
    try (ActiveTokenWatch watch = new ActiveTokenWatch(client, namespace)) {
      createTokens(namespace, 0, settings.warmupTokens());
      watch.awaitActive(settings.warmupTokens(), WRITE_TIMEOUT);
    }
    removeObjects(namespace);
    Thread.sleep(settings.settle().toMillis());
  }

  private int concurrency() {
    return settings.writeConcurrency();
  }

  private void createTokens(String namespace, int from, int to) {
    Parallel.forEach(
        from,
        to,
        concurrency(),
        WRITE_TIMEOUT,
        i -> BenchObjects.createToken(client, namespace, i));
  }

  private void awaitOwnerActive(String namespace) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      ApiUser user =
          client.resources(ApiUser.class).inNamespace(namespace).withName(BenchObjects.OWNER).get();
      if (user.getStatus() != null && "Active".equals(user.getStatus().getPhase())) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the owner ApiUser did not become Active");
  }

  /** Deletes a namespace's benchmark objects, so that they cost the operator nothing later. */
  private void removeObjects(String namespace) throws InterruptedException {
    client.resources(ApiToken.class).inNamespace(namespace).delete();
    client.resources(ApiUser.class).inNamespace(namespace).delete();
    client.secrets().inNamespace(namespace).delete();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!client.resources(ApiToken.class).inNamespace(namespace).list().getItems().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the tokens in " + namespace + " were not deleted");
      }
      Thread.sleep(200);
    }
    client.namespaces().withName(namespace).delete();
  }

  /** Checks that the operator accepts a harvested key, so the load measures successes. */
  private static void requireAccepted(int port, String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth"))
            .header("Token", key)
            .timeout(Duration.ofSeconds(5))
            .build();
    int status =
        HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.discarding())
            .statusCode();
    if (status != 200) {
      throw new IllegalStateException("Keyward answered " + status + " to a harvested key");
    }
  }

  private String kubernetesDescription() {
    return client.getKubernetesVersion().getGitVersion()
        + (cluster.hasControllerManager()
            ? " (kube-apiserver, etcd and kube-controller-manager on the same machine)"
            : " (kube-apiserver and etcd on the same machine)");
  }

  private static void progress(String message) {
    System.out.println("[benchmark] " + message);
  }
}
