package dev.keyward.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The calls a workload's pods report, one line each ({@code ok <epoch s>} or {@code fail <epoch s>
 * <detail>}), read through the API as {@code kubectl logs -f} would: every pod with the label is
 * followed from its first line until its container ends, so a pod replaced by a rolling restart
 * still counts.
 */
public final class WorkloadCalls implements AutoCloseable {

  /** One reported call. */
  public record Call(String pod, boolean ok, long epochSecond, String line) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String container;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, LogWatch> followed = new ConcurrentHashMap<>();
  private final Watch watch;

  private WorkloadCalls(
      KubernetesClient client, String namespace, String label, String value, String container) {
    this.client = client;
    this.namespace = namespace;
    this.container = container;
    this.watch =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(label, value)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if (action != Action.DELETED && running(pod)) {
                      follow(pod.getMetadata().getName());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  /** Follows the pods labelled {@code label=value} in {@code namespace}. */
  public static WorkloadCalls follow(
      KubernetesClient client, String namespace, String label, String value, String container) {
    return new WorkloadCalls(client, namespace, label, value, container);
  }

  private static boolean running(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null);
  }

  private void follow(String pod) {
    followed.computeIfAbsent(
        pod,
        name -> {
          LogWatch log =
              client.pods().inNamespace(namespace).withName(name).inContainer(container).watchLog();
          Thread reader =
              new Thread(
                  () -> {
                    try (BufferedReader lines =
                        new BufferedReader(
                            new InputStreamReader(log.getOutput(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = lines.readLine()) != null) {
                        parse(name, line).ifPresent(calls::add);
                      }
                    } catch (IOException ended) {
                      // The container ended or the stream was closed.
                    }
                  },
                  "calls-" + name);
          reader.setDaemon(true);
          reader.start();
          return log;
        });
  }

  private static java.util.Optional<Call> parse(String pod, String line) {
    String[] parts = line.strip().split(" ", 3);
    if (parts.length < 2 || !(parts[0].equals("ok") || parts[0].equals("fail"))) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(
          new Call(pod, parts[0].equals("ok"), Long.parseLong(parts[1]), line.strip()));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  public List<Call> all() {
    return new ArrayList<>(calls);
  }

  public long ok() {
    return calls.stream().filter(Call::ok).count();
  }

  public List<Call> failed() {
    return calls.stream().filter(c -> !c.ok()).toList();
  }

  /** The pods followed so far. */
  public int pods() {
    return followed.size();
  }

  @Override
  public void close() {
    watch.close();
    followed.values().forEach(LogWatch::close);
  }

  /**
   * A busybox shell loop that calls {@code url} every second with the key in {@code $API_KEY} as
   * {@code X-API-Key}, and prints one line per call. (busybox's own {@code wget -T} crashes in the
   * statically linked busybox; {@code timeout} bounds each call instead.)
   */
  public static String callLoop(String url) {
    return "while true; do now=$(date +%s); "
        + "if out=$(timeout 3 wget -q -O /dev/null --header \"X-API-Key: $API_KEY\" "
        + url
        + " 2>&1); then echo \"ok $now\"; else echo \"fail $now $out\"; fi; "
        + "sleep 1; done";
  }
}
