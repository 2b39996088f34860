package dev.keyward.bench;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.local.LocalCluster;
import dev.keyward.operator.ClientConfigs;
import dev.keyward.operator.CrdInstaller;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Keyward's benchmarks: reconcile throughput against the write floor, verification throughput and
 * latency against a constant-response server, operator heap, and the JWT issue rate. Sizes come
 * from environment variables (see {@link BenchmarkSettings}); figures go to a Markdown file.
 */
public final class Benchmark {

  /** Alternating full-load runs of Keyward and the constant server; the ratio is their median. */
  private static final int FULL_LOAD_PAIRS = 3;

  /** Timed runs of the Go write floor; the reconcile ratios divide by their median. */
  static final int GO_FLOOR_RUNS = 3;

  /** Timed runs of the operator, measured like the Go floor: the ratio is one of medians. */
  static final int OPERATOR_RUNS = 3;

  /**
   * The operator's --last-use-interval here: the warm-up uses every key at once, so with the
   * default (5m) all their next last-use writes would fall due together in the middle of the later
   * measured runs. Verification is measured without those writes; the warm-up's are waited out.
   */
  static final String LAST_USE_INTERVAL = "30m";

  private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(30);

  private final BenchmarkSettings settings;
  private final LocalCluster cluster;
  private final KubernetesClient client;
  private ChartJvm jvm = ChartJvm.fromChart();
  private final Profiler profiler;
  private final List<Profiler.Profile> profiles = new ArrayList<>();

  private Benchmark(BenchmarkSettings settings, LocalCluster cluster, KubernetesClient client) {
    this.settings = settings;
    this.cluster = cluster;
    this.client = client;
    this.profiler = new Profiler(settings.profileDirectory());
  }

  public static void main(String[] args) throws Exception {
    BenchmarkSettings settings = BenchmarkSettings.fromEnvironment(System.getenv());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    progress("starting a local Kubernetes API server");
    try (LocalCluster cluster = LocalCluster.start();
        KubernetesClient client = benchmarkClient(cluster)) {
      CrdInstaller.install(client);
      Results results = new Benchmark(settings, cluster, client).run();
      ResultsReport.write(results, settings.output());
      progress("results written to " + settings.output());
      System.out.print(ResultsReport.render(results));
    }
  }

  /** A client whose bulk deletes may take longer than the default 10 s on a busy machine. */
  private static KubernetesClient benchmarkClient(LocalCluster cluster) {
    Config config = cluster.clientConfig();
    config.setRequestTimeout((int) Duration.ofMinutes(2).toMillis());
    return ClientConfigs.client(config);
  }

  private Results run() throws Exception {
    int tokens = settings.reconcileTokens();
    Results.Builder results = new Results.Builder();
    results.operatorJvm(jvm.describe());

    GoFloor goFloor = new GoFloor(settings.goFloorBinary(), cluster.kubeconfig());
    if (goFloor.available()) {
      progress("Go write floor: " + tokens + " tokens, no operator running");
      BenchObjects.createNamespace(client, "bench-floor-go-warmup");
      goFloor.run("bench-floor-go-warmup", settings.warmupTokens(), concurrency(), WRITE_TIMEOUT);
      removeObjects("bench-floor-go-warmup");
      List<Results.TimedRun> runs = new ArrayList<>();
      for (int run = 1; run <= GO_FLOOR_RUNS; run++) {
        String namespace = "bench-floor-go-" + run;
        BenchObjects.createNamespace(client, namespace);
        ProcessStats.CpuMeter cpu = clusterCpu(Map.of());
        double seconds = goFloor.run(namespace, tokens, concurrency(), WRITE_TIMEOUT);
        runs.add(new Results.TimedRun(seconds, cpu.used()));
        progress(
            String.format(
                "Go write floor, run %d of %d: %.2f s, CPU %s",
                run, GO_FLOOR_RUNS, seconds, cpu.used()));
        removeObjects(namespace);
      }
      results.goFloor(runs);
    } else {
      progress("no Go floor binary at " + settings.goFloorBinary() + ": skipped");
    }

    progress("fabric8 write floor: " + tokens + " tokens, no operator running");
    WriteFloor writeFloor = new WriteFloor(client);
    BenchObjects.createNamespace(client, "bench-floor-warmup");
    writeFloor.run("bench-floor-warmup", settings.warmupTokens(), concurrency(), WRITE_TIMEOUT);
    BenchObjects.createNamespace(client, "bench-floor");
    ProcessStats.CpuMeter floorCpu =
        clusterCpu(Map.of("benchmark JVM", ProcessHandle.current().pid()));
    double floor = writeFloor.run("bench-floor", tokens, concurrency(), WRITE_TIMEOUT);
    results.fabric8Floor(floor, floorCpu.used());
    progress(String.format("fabric8 write floor: %.2f s, CPU %s", floor, floorCpu.used()));
    removeObjects("bench-floor-warmup");
    removeObjects("bench-floor");

    int httpPort = JvmProcess.freePort();
    int healthPort = JvmProcess.freePort();
    JvmProcess operator = startOperator("operator", "all", httpPort, healthPort);
    try {
      warmUpOperator("bench-warmup", goFloor);
      List<Results.TimedRun> reconcileRuns = new ArrayList<>();
      for (int run = 1; run <= OPERATOR_RUNS; run++) {
        // The last run's namespace is kept: it is the one scaled up below.
        boolean last = run == OPERATOR_RUNS;
        String namespace = last ? "bench" : "bench-run-" + run;
        reconcileRuns.add(reconcileRun(operator, goFloor, namespace, run, last));
        if (!last) {
          removeObjects(namespace);
          Thread.sleep(settings.settle().toMillis());
        }
      }
      results.reconcile(reconcileRuns);
      progress("scaling to " + settings.indexedTokens() + " Active tokens");
      double scale =
          createAndAwaitActive("bench", tokens, settings.indexedTokens() - tokens, goFloor);
      results.scale(scale);
      progress(String.format("scaled in %.1f s", scale));
      Thread.sleep(settings.settle().toMillis());
      long heapWithTokens = HeapProbe.liveBytes(operator.pid());
      if (profiler.enabled()) {
        // The classes that hold the heap, beside the profiles.
        profiler.histogram(operator.pid(), "heap-" + settings.indexedTokens() + "-tokens");
      }
      long rssWithTokens = ProcessStats.rssBytes(operator.pid());
      progress(
          String.format("operator live heap: %,d bytes, RSS %,d", heapWithTokens, rssWithTokens));
      results.operatorHeap(HeapProbe.heapSummary(operator.pid()));
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
      long rssWithSecrets = ProcessStats.rssBytes(operator.pid());
      progress(
          String.format("operator live heap: %,d bytes, RSS %,d", heapWithSecrets, rssWithSecrets));
      results.heap(heapWithTokens, rssWithTokens, heapWithSecrets, rssWithSecrets);

      Wrk wrk = new Wrk(settings.wrkThreads(), settings.wrkConnections());
      try (KeyFile keys = KeyFile.harvest(client, "bench")) {
        requireAccepted(httpPort, keys.firstKey());
        progress("load on Keyward /auth with " + keys.count() + " keys");
        warmUp(wrk, httpPort, keys);
        try (ConstantServer constant = startConstantServer()) {
          int constantPort = constant.port();
          progress("constant-response server: warm-up");
          wrk.run(constantPort, keys.path(), settings.warmup());
          List<Results.FullLoadPair> pairs = new ArrayList<>();
          for (int run = 1; run <= FULL_LOAD_PAIRS; run++) {
            progress("full load, run " + run + " of " + FULL_LOAD_PAIRS + ": Keyward");
            Wrk.Result keyward =
                measure(
                    wrk, httpPort, keys, run == 1 ? Optional.of(operator.pid()) : Optional.empty());
            progress("full load, run " + run + " of " + FULL_LOAD_PAIRS + ": constant server");
            pairs.add(
                new Results.FullLoadPair(
                    keyward, measure(wrk, constantPort, keys, Optional.empty())));
          }
          double maximum = Results.keywardMaxRate(pairs);
          Wrk.Result half = halfLoad(httpPort, keys, maximum / 2);
          progress("constant-response server paced at Keyward's paced rate");
          Wrk.Result constantHalf = halfLoad(constantPort, keys, half.requestsPerSecond());
          results.verify(keys.count(), pairs, half, constantHalf);
        }

        results.exchange(exchangeLoad(wrk, httpPort, operator.pid()));
        results.jwt(JwtIssueRate.measure(client, "bench", settings.load()));

        Restart restart = new Restart(keys);
        operator = restart.run(operator, httpPort, healthPort);
        results.restart(restart.result);
      }

      if (settings.largeTokens() > settings.indexedTokens()) {
        int large = settings.largeTokens();
        // The chart's limit is sized for about 10,000 tokens: the large run raises it, as a user
        // would, and restarts the operator with it.
        operator.close();
        jvm = jvm.withMemoryLimit(settings.largeMemoryLimitBytes());
        operator = startOperator("operator", "all", httpPort, healthPort);
        // Warmed up like the operator of the 1,000-token runs, so both figures are a warm JVM's.
        warmUpOperator("bench-large-warmup", goFloor);
        progress("scaling to " + large + " Active tokens (opt-in large run), " + jvm.describe());
        // A failed large run is reported as such; the figures of the default run still count.
        try {
          int added = large - settings.indexedTokens();
          double seconds =
              createAndAwaitActive(
                  "bench", settings.indexedTokens(), added, goFloor, Duration.ofHours(3));
          Thread.sleep(settings.settle().toMillis());
          results.large(
              new Results.Large(
                  large,
                  large - settings.indexedTokens(),
                  seconds,
                  HeapProbe.liveBytes(operator.pid()),
                  ProcessStats.rssBytes(operator.pid()),
                  settings.largeMemoryLimitBytes()));
          progress(String.format("large run: %.1f s", seconds));
        } catch (RuntimeException e) {
          progress("large run failed: " + e);
        }
      }
    } finally {
      operator.close();
    }
    results.profiles(profiles);
    return results.build(
        Instant.now(), settings, MachineInfo.current(), kubernetesDescription(), Wrk.version());
  }

  /**
   * Restarts the operator with the namespace's tokens all Active while a verifier-only replica
   * answers {@code /auth} under load: the new process's time to ready, the writes it makes to
   * ApiTokens, ApiUsers and Secrets (none expected), and what the other replica answered meanwhile.
   */
  private final class Restart {
    private final KeyFile keys;
    private Results.Restart result;

    Restart(KeyFile keys) {
      this.keys = keys;
    }

    JvmProcess run(JvmProcess old, int httpPort, int healthPort) throws Exception {
      int verifierHttp = JvmProcess.freePort();
      int verifierHealth = JvmProcess.freePort();
      int tokens = client.resources(ApiToken.class).inNamespace("bench").list().getItems().size();
      progress("restart with " + tokens + " tokens; a verifier replica answers meanwhile");
      try (JvmProcess verifier =
          startOperator("verifier", "verifier", verifierHttp, verifierHealth)) {
        requireAccepted(verifierHttp, keys.firstKey());
        Duration window = settings.restartWindow();
        Wrk paced = new Wrk(1, 8);
        CompletableFuture<Wrk.Result> during =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return paced.run(
                        verifierHttp,
                        "/auth",
                        Wrk.PACED_AUTH_SCRIPT,
                        window,
                        keys.path().toString(),
                        "8");
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(2000);
        old.close();
        JvmProcess restarted;
        try (WriteCounter writes = new WriteCounter(client, "bench")) {
          long start = System.nanoTime();
          restarted = startOperator("operator", "all", httpPort, healthPort);
          double ready = (System.nanoTime() - start) / 1e9;
          progress(String.format("restarted operator ready in %.1f s", ready));
          Thread.sleep(settings.restartSettle().toMillis());
          long tokenWrites = writes.tokenWrites();
          long userWrites = writes.userWrites();
          long secretWrites = writes.secretWrites();
          result =
              new Results.Restart(
                  tokens,
                  ready,
                  settings.restartSettle().toSeconds(),
                  tokenWrites,
                  userWrites,
                  secretWrites,
                  during.join());
        }
        progress(
            String.format(
                "restart writes: tokens %d, users %d, Secrets %d; verifier during: %s",
                result.tokenWrites(),
                result.userWrites(),
                result.secretWrites(),
                result.verifier()));
        return restarted;
      }
    }
  }

  /**
   * Waits until the operator has written the first use of every key the warm-up presented (one
   * status.lastUsedAt write per token, at most once per --last-use-interval), so that the measured
   * run times verification, not those writes: no write to the namespace's ApiTokens for 3 s.
   */
  private void awaitNoTokenWrites() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    try (WriteCounter writes = new WriteCounter(client, "bench")) {
      long seen = -1;
      while (System.nanoTime() < deadline) {
        Thread.sleep(3000);
        long now = writes.tokenWrites();
        if (now == seen) {
          if (now > 0) {
            progress("last-use writes after the warm-up: " + now);
          }
          return;
        }
        seen = now;
      }
    }
  }

  /** Paced {@code /auth} load at about {@code rate} requests per second: latency below the max. */
  private Wrk.Result halfLoad(int port, KeyFile keys, double rate) throws InterruptedException {
    // Each connection waits `delay` ms before each request: connections x 1000 / delay per second.
    int delay = 4;
    int connections = Math.max(settings.wrkThreads(), (int) Math.round(rate * delay / 1000.0));
    Wrk paced = new Wrk(settings.wrkThreads(), connections);
    progress(
        String.format("paced load at about %.0f requests/s (%d connections)", rate, connections));
    String keyFile = keys.path().toString();
    Wrk.Result trial =
        paced.run(port, "/auth", Wrk.PACED_AUTH_SCRIPT, settings.warmup(), keyFile, "" + delay);
    // Each connection also waits for its answers and for wrk's own timers: scale the number of
    // connections by what the warm-up reached, so the measured run comes close to the aim.
    int calibrated =
        Math.max(
            settings.wrkThreads(),
            (int) Math.round(connections * rate / Math.max(1, trial.requestsPerSecond())));
    progress(
        String.format(
            "warm-up reached %.0f requests/s; measuring with %d connections",
            trial.requestsPerSecond(), calibrated));
    Wrk.Result result =
        new Wrk(settings.wrkThreads(), calibrated)
            .run(port, "/auth", Wrk.PACED_AUTH_SCRIPT, settings.load(), keyFile, "" + delay);
    progress(
        String.format(
            "%.0f requests/s, p50 %.2f ms, p99 %.2f ms",
            result.requestsPerSecond(), result.p50(), result.p99()));
    return result;
  }

  private Wrk.Result exchangeLoad(Wrk wrk, int port, long pid) throws InterruptedException {
    try (ExchangeClient app = ExchangeClient.create(client, "bench")) {
      progress("load on /oauth/token (client credentials)");
      String file = app.path().toString();
      wrk.run(port, "/oauth/token", Wrk.EXCHANGE_SCRIPT, settings.warmup(), file);
      profiler.start(pid, "exchange");
      Wrk.Result result = wrk.run(port, "/oauth/token", Wrk.EXCHANGE_SCRIPT, settings.load(), file);
      profiler.stop(pid, "exchange").ifPresent(this::profiled);
      progress(
          String.format(
              "%.0f access tokens/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d",
              result.requestsPerSecond(), result.p50(), result.p99(), result.non2xx()));
      return result;
    }
  }

  private void profiled(Profiler.Profile profile) {
    profiles.add(profile);
    System.out.print(Profiler.render(profile));
  }

  /** CPU meters on the given parties plus the API server and etcd. */
  private static ProcessStats.CpuMeter clusterCpu(Map<String, Long> parties) {
    return clusterCpu(parties, -1);
  }

  private static ProcessStats.CpuMeter clusterCpu(Map<String, Long> parties, long threadsOf) {
    Map<String, Long> all = new LinkedHashMap<>(parties);
    ProcessStats.child("kube-apiserver").ifPresent(p -> all.put("kube-apiserver", p.pid()));
    ProcessStats.child("/etcd").ifPresent(p -> all.put("etcd", p.pid()));
    return new ProcessStats.CpuMeter(all, threadsOf);
  }

  private JvmProcess startOperator(String name, String mode, int httpPort, int healthPort)
      throws InterruptedException {
    progress("starting the " + name + " process (mode " + mode + ")");
    List<String> arguments = new ArrayList<>(jvm.arguments());
    arguments.addAll(
        List.of(
            "-jar",
            settings.operatorJar().toAbsolutePath().toString(),
            "--mode",
            mode,
            "--http-port",
            Integer.toString(httpPort),
            "--health-port",
            Integer.toString(healthPort),
            "--metrics-port",
            Integer.toString(JvmProcess.freePort()),
            "--role-map",
            Path.of("config/role-map.yaml").toAbsolutePath().toString(),
            "--last-use-interval",
            LAST_USE_INTERVAL));
    JvmProcess operator =
        JvmProcess.start(
            name,
            arguments,
            Map.of(
                "KUBECONFIG",
                cluster.kubeconfig().toString(),
                "MALLOC_ARENA_MAX",
                ChartJvm.MALLOC_ARENA_MAX));
    try {
      operator.awaitReady("http://127.0.0.1:" + healthPort + "/readyz", Duration.ofMinutes(2));
      return operator;
    } catch (RuntimeException | InterruptedException e) {
      operator.close();
      throw e;
    }
  }

  /** The constant-response server's process and port. */
  private record ConstantServer(JvmProcess process, int port) implements AutoCloseable {
    @Override
    public void close() {
      process.close();
    }
  }

  /**
   * The constant-response server: the same HTTP stack with the same JVM settings as the operator,
   * so that only the work per request differs.
   */
  private ConstantServer startConstantServer() throws InterruptedException {
    int port = JvmProcess.freePort();
    JvmProcess server =
        JvmProcess.start(
            "constant",
            java.util.stream.Stream.concat(
                    jvm.arguments().stream(),
                    java.util.stream.Stream.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        ConstantResponseServer.class.getName(),
                        Integer.toString(port)))
                .toList(),
            Map.of("MALLOC_ARENA_MAX", ChartJvm.MALLOC_ARENA_MAX));
    try {
      server.awaitReady("http://127.0.0.1:" + port + "/auth", Duration.ofMinutes(1));
      return new ConstantServer(server, port);
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Keyward's warm-up: each key's first use, then a wait until the last-use writes it caused are
   * over, so that measured runs time verification, not those writes.
   */
  private void warmUp(Wrk wrk, int port, KeyFile keys) throws InterruptedException {
    wrk.run(port, keys.path(), settings.warmup());
    awaitNoTokenWrites();
  }

  /**
   * One measured run. With a process to profile, the profile covers this run only, after a second
   * warm-up that absorbs the recorder's own start-up (it slows the first seconds).
   */
  private Wrk.Result measure(Wrk wrk, int port, KeyFile keys, Optional<Long> profiled)
      throws InterruptedException {
    boolean profiling = profiled.isPresent() && profiler.enabled();
    if (profiling) {
      profiler.start(profiled.get(), "auth");
      wrk.run(port, keys.path(), settings.warmup());
    }
    Wrk.Result result = wrk.run(port, keys.path(), settings.load());
    if (profiling) {
      profiler.stop(profiled.get(), "auth").ifPresent(this::profiled);
    }
    progress(
        String.format(
            "%.0f requests/s, p50 %.2f ms, p99 %.2f ms",
            result.requestsPerSecond(), result.p50(), result.p99()));
    return result;
  }

  /**
   * One timed run of the operator: a fresh namespace with an Active owner, then {@code
   * reconcileTokens} new tokens until all are Active. The profiler, when on, records the last run.
   */
  private Results.TimedRun reconcileRun(
      JvmProcess operator, GoFloor goClient, String namespace, int run, boolean profiled)
      throws InterruptedException {
    int tokens = settings.reconcileTokens();
    progress(String.format("operator, run %d of %d: %d tokens", run, OPERATOR_RUNS, tokens));
    BenchObjects.createNamespace(client, namespace);
    BenchObjects.createOwner(client, namespace);
    awaitOwnerActive(namespace);
    if (profiled) {
      profiler.start(operator.pid(), "reconcile");
    }
    ProcessStats.CpuMeter cpu = clusterCpu(Map.of("operator", operator.pid()), operator.pid());
    double seconds = createAndAwaitActive(namespace, 0, tokens, goClient);
    Results.TimedRun result = new Results.TimedRun(seconds, cpu.used(), cpu.threadsUsed());
    if (profiled) {
      profiler.stop(operator.pid(), "reconcile").ifPresent(this::profiled);
    }
    progress(
        String.format(
            "operator, run %d: %.2f s, CPU %s; by thread group %s",
            run, seconds, result.cpu(), result.threads()));
    return result;
  }

  /** Lets the operator reconcile a few tokens before the timed run, then removes them. */
  private void warmUpOperator(String namespace, GoFloor goClient) throws InterruptedException {
    BenchObjects.createNamespace(client, namespace);
    BenchObjects.createOwner(client, namespace);
    awaitOwnerActive(namespace);
    createAndAwaitActive(namespace, 0, settings.warmupTokens(), goClient);
    removeObjects(namespace);
    Thread.sleep(settings.settle().toMillis());
  }

  /**
   * Creates tokens {@code from} to {@code from + count - 1} of the namespace's owner and returns
   * the seconds until all are Active: from the Go program when it is built, as the floor's writes
   * are (so this JVM's own CPU does not compete with the operator's), from this JVM otherwise.
   */
  private double createAndAwaitActive(String namespace, int from, int count, GoFloor goClient)
      throws InterruptedException {
    return createAndAwaitActive(namespace, from, count, goClient, WRITE_TIMEOUT);
  }

  private double createAndAwaitActive(
      String namespace, int from, int count, GoFloor goClient, Duration timeout)
      throws InterruptedException {
    if (goClient.available()) {
      return goClient.createForOperator(namespace, from, count, concurrency(), timeout);
    }
    try (ActiveTokenWatch watch = new ActiveTokenWatch(client, namespace)) {
      long start = System.nanoTime();
      createTokens(namespace, from, from + count);
      return (watch.awaitActive(from + count, timeout) - start) / 1e9;
    }
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
