package dev.keyward.usage;

import dev.keyward.api.ApiToken;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the due last uses of ApiTokens into their status, every {@code tick}. Each write carries
 * the resource version the decision was based on, so when several replicas decide at once only one
 * write succeeds (the others get a conflict and drop theirs): at most one write per credential per
 * interval, whatever the number of replicas or requests.
 */
public final class LastUseWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LastUseWriter.class);

  private final KubernetesClient client;
  private final LastUseRecorder recorder;
  private final BiFunction<String, String, Optional<ApiToken>> cachedToken;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "keyward-last-use");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong writes = new AtomicLong();

  public LastUseWriter(
      KubernetesClient client,
      LastUseRecorder recorder,
      BiFunction<String, String, Optional<ApiToken>> cachedToken,
      Duration tick) {
    this.client = client;
    this.recorder = recorder;
    this.cachedToken = cachedToken;
    scheduler.scheduleWithFixedDelay(
        this::flush, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Status writes this writer made, for tests and benchmarks. */
  public long writes() {
    return writes.get();
  }

  void flush() {
    try {
      for (LastUse use : recorder.takeDue(this::recorded)) {
        write(use);
      }
    } catch (RuntimeException e) {
      log.warn("recording last use failed: {}", e.getMessage());
    }
  }

  private Optional<Instant> recorded(LastUse use) {
    return cachedToken
        .apply(use.namespace(), use.name())
        .map(ApiToken::getStatus)
        .map(s -> s.getLastUsedAt())
        .map(Instant::parse);
  }

  private void write(LastUse use) {
    Optional<ApiToken> token = cachedToken.apply(use.namespace(), use.name());
    if (token.isEmpty()) {
      return;
    }
    JsonObject patch =
        new JsonObject()
            .put(
                "metadata",
                new JsonObject()
                    .put("resourceVersion", token.get().getMetadata().getResourceVersion()))
            .put(
                "status",
                new JsonObject()
                    .put("lastUsedAt", use.at().toString())
                    .put("lastUsedFrom", use.client()));
    // The patch names its target through an object, not withName(): given only a name, fabric8
    // reads the object from the API server before every patch.
    ApiToken target = new ApiToken();
    target.setMetadata(
        new ObjectMetaBuilder().withNamespace(use.namespace()).withName(use.name()).build());
    try {
      client
          .resource(target)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.encode());
      writes.incrementAndGet();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        // Changed since our cache saw it (another replica, or the operator): decide again later.
        recorder.retry(use);
      } else if (e.getCode() != 404) {
        log.warn(
            "recording last use of ApiToken {}/{} failed: {}",
            use.namespace(),
            use.name(),
            e.getCode());
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
