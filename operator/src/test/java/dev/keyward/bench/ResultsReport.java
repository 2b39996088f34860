package dev.keyward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a run's {@link Results} as the Markdown results file under {@code docs/benchmarks/}. */
final class ResultsReport {

  private static final double MIB = 1048576.0;

  private ResultsReport() {}

  static void write(Results r, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, render(r));
  }

  static String render(Results r) {
    BenchmarkSettings s = r.settings();
    StringBuilder md = new StringBuilder();
    md.append("# Keyward benchmarks\n\n");
    if (!s.fullSize()) {
      md.append("> **Reduced sizes**: this run used smaller sizes than the reference benchmark;")
          .append(" its figures are not Keyward's reference results.\n\n");
    }
    md.append("Run on ")
        .append(r.date())
        .append(" with `")
        .append(s.profileDirectory().isPresent() ? "KEYWARD_BENCH_PROFILE=<dir> " : "")
        .append(
            s.largeTokens() > s.indexedTokens()
                ? "KEYWARD_BENCH_LARGE=" + s.largeTokens() + " "
                : "")
        .append("scripts/benchmark.sh` (sizes and load shape: see the script's header).\n\n");
    md.append("## Machine\n\n| | |\n| --- | --- |\n");
    row(md, "CPU", r.machine().cpuModel());
    row(md, "cores", Integer.toString(r.machine().cores()));
    row(md, "memory", r.machine().memoryMiB() + " MiB");
    row(md, "operating system", r.machine().os());
    row(md, "JDK", r.machine().jdk());
    row(md, "Kubernetes", r.kubernetesVersion());
    row(md, "load generator", r.wrkVersion() + ", on the same machine");
    row(md, "operator JVM", "`java -jar` with the chart's settings: " + r.operatorJvm());
    row(md, "operator heap", r.operatorHeap());
    md.append('\n');

    summary(md, r);
    reconcile(md, r);
    verify(md, r);
    heap(md, r);
    exchange(md, r);
    restart(md, r);
    large(md, r);
    profiles(md, r);
    return md.toString();
  }

  private static void summary(StringBuilder md, Results r) {
    BenchmarkSettings s = r.settings();
    md.append("## Summary\n\n| figure | this run | target |\n| --- | ---: | --- |\n");
    md.append(
        fmt(
            "| %,d tokens apply → Active ÷ Go client-go write floor | %s | ≤ 1.3× |\n",
            s.reconcileTokens(), r.goRatio().map(v -> fmt("%.2f×", v)).orElse("not run")));
    md.append(fmt("| the same ÷ fabric8 write floor | %.2f× | |\n", r.reconcileRatio()));
    md.append(
        fmt("| `/auth` req/s ÷ same-stack constant server | %.2f× | ≥ 0.8× |\n", r.verifyRatio()));
    md.append(
        fmt(
            "| `/auth` p99 at a paced load aimed at half the measured maximum (%.0f req/s, %.0f%%"
                + " of it) | %.2f ms | < 2 ms at half |\n",
            r.halfLoad().requestsPerSecond(),
            100 * r.halfLoad().requestsPerSecond() / r.keywardMaxRate(),
            r.halfLoad().p99()));
    md.append(
        fmt(
            "| the constant server's p99, paced at the same rate (%.0f req/s) | %.2f ms | |\n",
            r.constantHalfLoad().requestsPerSecond(), r.constantHalfLoad().p99()));
    md.append(
        fmt(
            "| live heap at %,d Active tokens; with %,d unrelated Secrets | %.1f MiB; %+.1f MiB |"
                + " ≤ 60 MiB; flat |\n",
            s.indexedTokens(),
            s.unrelatedSecrets(),
            r.heapWithTokens() / MIB,
            (r.heapWithUnrelatedSecrets() - r.heapWithTokens()) / MIB));
    md.append(
        fmt(
            "| operator RSS at %,d tokens, chart JVM settings | %.0f MiB | ≤ 256 MiB |\n",
            s.indexedTokens(), Math.max(r.rssWithTokens(), r.rssWithUnrelatedSecrets()) / MIB));
    md.append(
        fmt(
            "| access tokens per second over HTTP (`/oauth/token`) | %.0f/s | ≥ 5,000/s |\n",
            r.exchange().requestsPerSecond()));
    Results.Restart restart = r.restart();
    md.append(
        fmt(
            "| restart with %,d Active tokens: ready; writes; verifier failures | %.1f s; %d;"
                + " %d | ≤ 30 s; 0; 0 |\n",
            restart.tokens(),
            restart.readySeconds(),
            restart.writes(),
            restart.verifier().non2xx() + restart.verifier().socketErrors()));
    md.append(
        r.large()
            .map(
                l ->
                    fmt(
                        "| %,d tokens: heap ÷ %,d-token heap; time per token ÷ at %,d | %.1f×;"
                            + " %.2f× | ≤ 10×; ≤ 1× |\n",
                        l.tokens(),
                        s.indexedTokens(),
                        s.reconcileTokens(),
                        (double) l.heap() / r.heapWithTokens(),
                        (l.seconds() / l.added()) / (r.reconcileSeconds() / s.reconcileTokens())))
            .orElse(
                "| 100,000 tokens (opt-in: `KEYWARD_BENCH_LARGE=100000`) | not run | heap ≤ 10×"
                    + " the 10k figure; time per token not worse than at 1k |\n"));
    md.append('\n');
  }

  private static void reconcile(StringBuilder md, Results r) {
    BenchmarkSettings s = r.settings();
    md.append("## 1. Reconcile throughput\n\n");
    md.append(
        fmt(
            "%,d ApiTokens of one ApiUser (role `runner`, scopes `runners.read runners.run`),"
                + " created by %d concurrent writers %s; timed from the first create until a"
                + " watch sees all of them `Active`. The operator runs as a separate process"
                + " (`java -jar`, `KUBECONFIG`) with java-operator-sdk's %d reconcile threads."
                + " Each write floor, run first while no operator process exists, creates the same"
                + " tokens and does one Secret create and one status apply (server-side) per"
                + " token, at the same concurrency: once from a Go program using client-go"
                + " (`bench/floor`, no client-side rate limit), once from the benchmark's JVM with"
                + " fabric8. Each run is preceded by an untimed warm-up of %d tokens in another"
                + " namespace, removed before the timed run. CPU seconds are each process's user"
                + " plus system time during the timed run.\n\n",
            s.reconcileTokens(),
            s.writeConcurrency(),
            r.goFloorSeconds().isPresent()
                ? "of the Go program that sends the Go floor (it only creates the tokens here:"
                    + " the Secrets and statuses are the operator's), so the operator's run and"
                    + " the floor have the same load generator"
                : "in the benchmark's JVM (the Go program was not built)",
            BenchmarkSettings.OPERATOR_RECONCILE_THREADS,
            s.warmupTokens()));
    md.append("| run | seconds | tokens/s | ÷ Go floor | CPU seconds |\n");
    md.append("| --- | ---: | ---: | ---: | --- |\n");
    double tokens = s.reconcileTokens();
    r.goFloorSeconds()
        .ifPresent(
            go ->
                md.append(
                    fmt(
                        "| write floor (Go, client-go; median of %d runs) | %.2f | %.1f | 1.00 | %s |\n",
                        r.goFloorRuns().size(), go, tokens / go, cpu(r.goFloorCpu()))));
    md.append(
        fmt(
            "| write floor (fabric8, in the benchmark's JVM) | %.2f | %.1f | %s | %s |\n",
            r.floorSeconds(),
            r.floorRate(),
            r.goFloorSeconds().map(go -> fmt("%.2f", r.floorSeconds() / go)).orElse("–"),
            cpu(r.floorCpu())));
    md.append(
        fmt(
            "| Keyward operator%s | %.2f | %.1f | %s | %s |\n",
            r.reconcileRuns().size() > 1
                ? fmt(" (median of %d runs)", r.reconcileRuns().size())
                : "",
            r.reconcileSeconds(),
            r.reconcileRate(),
            r.goRatio().map(v -> fmt("%.2f", v)).orElse("–"),
            cpu(r.reconcileCpu())));
    if (r.goFloorRuns().size() > 1) {
      md.append(
          fmt(
              "\nThe Go floor ran %d times, each in a fresh namespace removed after it: %s s; the"
                  + " row shows the median run (a run of a few seconds here moves by tens of"
                  + " percent from one to the next).\n",
              r.goFloorRuns().size(), runSeconds(r.goFloorRuns())));
    }
    if (r.reconcileRuns().size() > 1) {
      md.append(
          fmt(
              "\nThe operator ran %d times, one process throughout, each run in a fresh namespace"
                  + " (all but the last removed after it; the last is the one scaled up below):"
                  + " %s s; the row shows the median run, as for the Go floor.\n",
              r.reconcileRuns().size(), runSeconds(r.reconcileRuns())));
    }
    md.append(
        "\nThe operator's CPU seconds in the median run by thread group: "
            + cpu(r.reconcileThreads())
            + ".\n");
    md.append(
        fmt(
            "\nScaling the same namespace to %,d Active tokens then took %.1f s more (%.1f"
                + " tokens/s).\n\n",
            s.indexedTokens(),
            r.scaleSeconds(),
            (s.indexedTokens() - s.reconcileTokens()) / r.scaleSeconds()));
  }

  private static void verify(StringBuilder md, Results r) {
    BenchmarkSettings s = r.settings();
    md.append("## 2. Verify throughput and latency\n\n");
    md.append(
        fmt(
            "`GET /auth` with a `Token:` header, %,d tokens indexed, rotating over %,d real keys"
                + " read from their Secrets. wrk with %d threads and %d connections, %d s warm-up"
                + " (discarded; it is each key's first use, so the operator then writes each token's"
                + " `status.lastUsedAt`, and the measured runs start once those writes have"
                + " stopped; the operator runs with `--last-use-interval %s` so that the next"
                + " writes of those keys, all due at once, do not fall into the measured runs)"
                + " then %d s measured, `--latency`. The constant server is the same"
                + " HTTP stack (Vert.x web, same server options, in its own JVM with the same JVM"
                + " options) answering 200 with"
                + " the same identity headers without looking at the key; same wrk settings, its own"
                + " warm-up. Both servers stay up while %d measured runs of each alternate (Keyward,"
                + " then the constant server): the constant server's own rate moves by several"
                + " percent between runs on this machine, so the ratio is the median of the pairs'"
                + " ratios. The paced run aims at half of Keyward's maximum (the median of its"
                + " full-load runs): each connection waits 4 ms"
                + " before each request (wrk's `delay()`), the number of connections set from"
                + " the rate its warm-up reached, so its latencies are those of a server that is"
                + " not saturated. The constant server is paced the same way at the same rate:"
                + " its latencies are what this machine, wrk and the HTTP stack give without any"
                + " work per request.\n\n",
            s.indexedTokens(),
            r.keysUnderLoad(),
            s.wrkThreads(),
            s.wrkConnections(),
            s.warmup().toSeconds(),
            Benchmark.LAST_USE_INTERVAL,
            s.load().toSeconds(),
            r.fullLoad().size()));
    md.append(
        "| server | requests/s | p50 ms | p90 ms | p99 ms | requests | non-2xx |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    long failures = r.halfLoad().non2xx() + r.constantHalfLoad().non2xx();
    int run = 1;
    for (Results.FullLoadPair pair : r.fullLoad()) {
      wrkRow(md, "Keyward `/auth`, run " + run, pair.keyward());
      wrkRow(md, "constant response, run " + run, pair.constant());
      failures += pair.keyward().non2xx() + pair.constant().non2xx();
      run++;
    }
    wrkRow(md, "Keyward `/auth`, paced at half the maximum", r.halfLoad());
    wrkRow(md, "constant response, paced at the same rate", r.constantHalfLoad());
    if (failures > 0) {
      md.append("\n**Warning**: some responses were not 200, so these figures include failures.\n");
    }
    md.append(
        fmt(
            "\n**Ratio**: Keyward answers %.0f%% of the constant server's requests per second"
                + " (%.2f×, the median of %s).\n\n",
            100 * r.verifyRatio(),
            r.verifyRatio(),
            String.join(", ", r.fullLoad().stream().map(p -> fmt("%.2f×", p.ratio())).toList())));
  }

  private static void heap(StringBuilder md, Results r) {
    BenchmarkSettings s = r.settings();
    md.append("## 3. Operator memory\n\n");
    md.append(
        "Live bytes from `jcmd <pid> GC.run` followed by `GC.class_histogram` (which counts"
            + " only live objects, after its own full collection), and the resident set size"
            + " (`VmRSS`) of the operator process at the same moment.\n\n");
    md.append("| state | live heap | RSS |\n| --- | ---: | ---: |\n");
    md.append(
        fmt(
            "| %,d Active tokens | %s | %.0f MiB |\n",
            s.indexedTokens(), mib(r.heapWithTokens()), r.rssWithTokens() / MIB));
    md.append(
        fmt(
            "| the same, plus %,d unrelated Secrets (no Keyward label) | %s | %.0f MiB |\n",
            s.unrelatedSecrets(),
            mib(r.heapWithUnrelatedSecrets()),
            r.rssWithUnrelatedSecrets() / MIB));
    md.append(heapVerdict(r)).append("\n\n");
  }

  private static void exchange(StringBuilder md, Results r) {
    md.append("## 4. Token exchange and JWT issue rate\n\n");
    md.append(
        fmt(
            "`POST /oauth/token` (RFC 6749 client credentials in the form body) for one"
                + " Application, under wrk with %d threads and %d connections: each answer is a"
                + " newly signed ES256 access token.\n\n",
            r.settings().wrkThreads(), r.settings().wrkConnections()));
    md.append(
        "| measure | requests/s | p50 ms | p90 ms | p99 ms | requests | non-2xx |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    wrkRow(md, "access tokens over HTTP", r.exchange());
    md.append(
        "\n| measure | value |\n| --- | ---: |\n| JWTs signed per second (in-process, one"
            + " thread) | "
            + r.jwtPerSecond().map(v -> fmt("%.0f", v)).orElse("pending")
            + " |\n\n");
  }

  private static void restart(StringBuilder md, Results r) {
    Results.Restart restart = r.restart();
    md.append("## 5. Restart\n\n");
    md.append(
        fmt(
            "With %,d Active tokens, the operator process is stopped and a new one started,"
                + " while a second replica in `--mode verifier` answers `GET /auth` under a paced"
                + " load (8 connections, one request each per 8 ms) throughout. Ready is from the"
                + " new process's start to its `/readyz` answering 200. Writes are counted by"
                + " watches on the namespace's ApiTokens (status included), ApiUsers and Secrets"
                + " from their current resourceVersion, from the old process's exit until %d s"
                + " after the new one is ready.\n\n",
            restart.tokens(), restart.settleSeconds()));
    md.append("| measure | value |\n| --- | ---: |\n");
    md.append(fmt("| ready after start | %.1f s |\n", restart.readySeconds()));
    md.append(fmt("| writes to ApiTokens | %d |\n", restart.tokenWrites()));
    md.append(fmt("| writes to ApiUsers | %d |\n", restart.userWrites()));
    md.append(fmt("| writes to Secrets | %d |\n", restart.secretWrites()));
    Wrk.Result v = restart.verifier();
    md.append(
        fmt(
            "| verifier meanwhile: requests, non-2xx, socket errors, p99 | %,d, %d, %d, %.2f ms"
                + " |\n\n",
            v.requests(), v.non2xx(), v.socketErrors(), v.p99()));
  }

  private static void large(StringBuilder md, Results r) {
    r.large()
        .ifPresent(
            l -> {
              md.append("## 6. Large run (opt-in)\n\n");
              md.append(
                  fmt(
                      "The operator is restarted with a larger memory limit and warmed up as"
                          + " before the reconcile runs (%,d tokens in another namespace, removed);"
                          + " then the namespace of the last reconcile run grows from its Active"
                          + " tokens to the size below, created by the same load generator and"
                          + " writers as the %,d-token runs and timed the same way (first create"
                          + " until all the new tokens are Active). Time per token ÷ at %,d"
                          + " divides by the median %,d-token run.\n\n",
                      r.settings().warmupTokens(),
                      r.settings().reconcileTokens(),
                      r.settings().reconcileTokens(),
                      r.settings().reconcileTokens()));
              md.append("| measure | value |\n| --- | ---: |\n");
              md.append(fmt("| tokens | %,d |\n", l.tokens()));
              md.append(
                  fmt(
                      "| %,d tokens added | %.1f s (%.2f ms per token) |\n",
                      l.added(), l.seconds(), 1000 * l.seconds() / l.added()));
              md.append(fmt("| live heap | %s |\n", mib(l.heap())));
              md.append(fmt("| RSS | %.0f MiB |\n", l.rss() / MIB));
              md.append(
                  fmt(
                      "| operator memory limit (restarted with it before the run) | %.0f MiB |\n\n",
                      l.memoryLimit() / MIB));
            });
  }

  private static void profiles(StringBuilder md, Results r) {
    if (r.profiles().isEmpty()) {
      return;
    }
    md.append("## Profiles\n\n");
    md.append(
        "JDK Flight Recorder (`settings=profile`) in the operator process during each phase;"
            + " shares of the CPU samples (`jdk.ExecutionSample`).\n\n```\n");
    r.profiles().forEach(p -> md.append(Profiler.render(p)).append('\n'));
    md.append("```\n");
  }

  /** Each run's seconds, in the order they ran. */
  private static String runSeconds(List<Results.TimedRun> runs) {
    return runs.stream().map(run -> fmt("%.2f", run.seconds())).collect(Collectors.joining(", "));
  }

  private static String cpu(Map<String, Double> used) {
    return used.entrySet().stream()
        .map(e -> fmt("%s %.1f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String heapVerdict(Results r) {
    long growth = r.heapWithUnrelatedSecrets() - r.heapWithTokens();
    double perSecret = (double) growth / r.settings().unrelatedSecrets();
    String difference =
        fmt("Difference: %+.1f MiB (%+.0f bytes per unrelated Secret). ", growth / MIB, perSecret);
    return perSecret < 100
        ? difference
            + "The heap stays flat: the operator's Secret informers are label-selected, so"
            + " unrelated Secrets are not cached."
        : difference
            + "**The heap grew with unrelated Secrets**: something caches Secrets Keyward does"
            + " not manage.";
  }

  private static void wrkRow(StringBuilder md, String name, Wrk.Result w) {
    md.append(
        fmt(
            "| %s | %.0f | %.2f | %.2f | %.2f | %,d | %,d |\n",
            name, w.requestsPerSecond(), w.p50(), w.p90(), w.p99(), w.requests(), w.non2xx()));
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static String mib(long bytes) {
    return fmt("%.1f MiB (%,d bytes)", bytes / MIB, bytes);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
