package dev.keyward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a run's {@link Results} as the Markdown results file under {@code docs/benchmarks/}. */
final class ResultsReport {

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
    md.append("Run on ").append(r.date()).append(" with `scripts/benchmark.sh`.\n\n");
    md.append("## Machine\n\n| | |\n| --- | --- |\n");
    row(md, "CPU", r.machine().cpuModel());
    row(md, "cores", Integer.toString(r.machine().cores()));
    row(md, "memory", r.machine().memoryMiB() + " MiB");
    row(md, "operating system", r.machine().os());
    row(md, "JDK", r.machine().jdk());
    row(md, "Kubernetes", r.kubernetesVersion());
    row(md, "load generator", r.wrkVersion() + ", on the same machine");
    row(md, "operator JVM", "`java -jar` with default options: " + r.operatorHeap());
    md.append('\n');

    md.append("## 1. Reconcile throughput\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%,d ApiTokens of one ApiUser (role `runner`, scopes `runners.read runners.run`),"
                + " created by %d client threads; timed from the first create until a watch"
                + " sees all of them `Active`. The operator runs as a separate process"
                + " (`java -jar`, `KUBECONFIG`) with java-operator-sdk's %d reconcile threads;"
                + " per token it reads the Secret, creates it, records two Events and patches the"
                + " status (the owner ApiUser's token count is kept up to date too). The write"
                + " floor, run first while no operator process exists, creates the same tokens"
                + " with a bare fabric8 client and does only one Secret create and one status"
                + " patch (server-side apply) per token, at the same concurrency. Each run is"
                + " preceded by an untimed warm-up of %d tokens in another namespace, removed"
                + " before the timed run.\n\n",
            s.reconcileTokens(),
            s.writeConcurrency(),
            BenchmarkSettings.OPERATOR_RECONCILE_THREADS,
            s.warmupTokens()));
    md.append("| run | seconds | tokens/s |\n| --- | ---: | ---: |\n");
    md.append(
        fmt(
            "| write floor (bare fabric8 client) | %.2f | %.1f |\n",
            r.floorSeconds(), r.floorRate()));
    md.append(fmt("| Keyward operator | %.2f | %.1f |\n", r.reconcileSeconds(), r.reconcileRate()));
    md.append(
        fmt(
            "\n**Ratio**: Keyward reconciles at %.0f%% of the write floor (%.2f×).\n\n",
            100 * r.reconcileRatio(), r.reconcileRatio()));
    md.append(
        fmt(
            "Scaling the same namespace to %,d Active tokens then took %.1f s more (%.1f"
                + " tokens/s).\n\n",
            s.indexedTokens(),
            r.scaleSeconds(),
            (s.indexedTokens() - s.reconcileTokens()) / r.scaleSeconds()));

    md.append("## 2. Verify throughput and latency\n\n");
    md.append(
        fmt(
            "`GET /auth` with a `Token:` header, %,d tokens indexed, rotating over %,d real keys"
                + " read from their Secrets. wrk with %d threads and %d connections, %d s warm-up"
                + " (discarded) then %d s measured, `--latency`. The constant server is the same"
                + " HTTP stack (Vert.x web, same server options, in its own JVM) answering 200 with"
                + " the same identity headers without looking at the key; same wrk settings.\n\n",
            s.indexedTokens(),
            r.keysUnderLoad(),
            s.wrkThreads(),
            s.wrkConnections(),
            s.warmup().toSeconds(),
            s.load().toSeconds()));
    md.append(
        "| server | requests/s | p50 ms | p90 ms | p99 ms | requests | non-2xx |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    wrkRow(md, "Keyward `/auth`", r.keyward());
    wrkRow(md, "constant response", r.constant());
    if (r.keyward().non2xx() + r.constant().non2xx() > 0) {
      md.append("\n**Warning**: some responses were not 200, so these figures include failures.\n");
    }
    md.append(
        fmt(
            "\n**Ratio**: Keyward answers %.0f%% of the constant server's requests per second"
                + " (%.2f×).\n\n",
            100 * r.verifyRatio(), r.verifyRatio()));

    md.append("## 3. Operator heap after a full GC\n\n");
    md.append(
        "Live bytes from `jcmd <pid> GC.run` followed by `GC.class_histogram` (which counts"
            + " only live objects, after its own full collection), in the operator process.\n\n");
    md.append("| state | live heap |\n| --- | ---: |\n");
    md.append(fmt("| %,d Active tokens | %s |\n", s.indexedTokens(), mib(r.heapWithTokens())));
    md.append(
        fmt(
            "| the same, plus %,d unrelated Secrets (no Keyward label) | %s |\n",
            s.unrelatedSecrets(), mib(r.heapWithUnrelatedSecrets())));
    md.append(heapVerdict(r)).append("\n\n");

    md.append("## 4. JWT issue rate\n\n");
    md.append("| measure | value |\n| --- | ---: |\n");
    md.append(
        "| JWTs signed per second (in-process) | "
            + r.jwtPerSecond().map(v -> fmt("%.0f", v)).orElse("pending")
            + " |\n");
    if (r.jwtPerSecond().isEmpty()) {
      md.append(
          "\nPending: Keyward has no access-token signer yet; once it has, this row gives the"
              + " rate at which it signs access tokens (RFC 9068 claims) in-process.\n");
    }
    return md.toString();
  }

  private static String heapVerdict(Results r) {
    long growth = r.heapWithUnrelatedSecrets() - r.heapWithTokens();
    double perSecret = (double) growth / r.settings().unrelatedSecrets();
    String difference =
        fmt(
            "Difference: %+.1f MiB (%+.0f bytes per unrelated Secret). ",
            growth / 1048576.0, perSecret);
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
    return fmt("%.1f MiB (%,d bytes)", bytes / 1048576.0, bytes);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
