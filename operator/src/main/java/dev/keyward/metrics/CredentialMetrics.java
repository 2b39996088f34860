package dev.keyward.metrics;

import dev.keyward.api.ApiToken;
import dev.keyward.api.CredentialStatus;
import dev.keyward.api.KeywardStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Gauges over the Keyward resources the operator caches: how many credentials are in each phase,
 * and when each one expires (as cert-manager's certificate expiration metric). Labels are names
 * only, never secret material. Rows are rebuilt on {@link #refresh()}, just before a scrape, so
 * deleted resources disappear from the output.
 */
public final class CredentialMetrics {

  static final String UNKNOWN_PHASE = "Unknown";

  private final Supplier<List<HasMetadata>> resources;
  private final MultiGauge byPhase;
  private final MultiGauge expiry;
  private final MultiGauge lastUsed;

  public CredentialMetrics(MeterRegistry registry, Supplier<List<HasMetadata>> resources) {
    this.resources = resources;
    this.byPhase =
        MultiGauge.builder("keyward.credentials")
            .description("Keyward resources by kind and phase")
            .register(registry);
    this.expiry =
        MultiGauge.builder("keyward.credential.expiration.timestamp")
            .description("When the current key of a credential expires, in seconds since the epoch")
            .baseUnit("seconds")
            .register(registry);
    this.lastUsed =
        MultiGauge.builder("keyward.credential.last.used.timestamp")
            .description(
                "When the verifier last accepted a token, in seconds since the epoch (recorded at"
                    + " most once per --last-use-interval); absent while it was never used")
            .baseUnit("seconds")
            .register(registry);
  }

  public synchronized void refresh() {
    List<HasMetadata> all = resources.get();
    Map<KindPhase, Long> counts =
        all.stream()
            .collect(
                Collectors.groupingBy(
                    r -> new KindPhase(kind(r), phase(r)), Collectors.counting()));
    List<Row<?>> phaseRows = new ArrayList<>();
    counts.forEach(
        (key, count) ->
            phaseRows.add(Row.of(Tags.of("kind", key.kind(), "phase", key.phase()), count)));
    byPhase.register(phaseRows, true);

    List<Row<?>> expiryRows = new ArrayList<>();
    for (HasMetadata resource : all) {
      Instant expiresAt = expiresAt(resource);
      if (expiresAt != null) {
        expiryRows.add(
            Row.of(
                Tags.of(
                    "namespace", resource.getMetadata().getNamespace(),
                    "name", resource.getMetadata().getName(),
                    "kind", kind(resource)),
                expiresAt.getEpochSecond()));
      }
    }
    expiry.register(expiryRows, true);

    List<Row<?>> lastUsedRows = new ArrayList<>();
    for (HasMetadata resource : all) {
      Instant used = lastUsedAt(resource);
      if (used != null) {
        lastUsedRows.add(
            Row.of(
                Tags.of(
                    "namespace", resource.getMetadata().getNamespace(),
                    "name", resource.getMetadata().getName(),
                    "kind", kind(resource)),
                used.getEpochSecond()));
      }
    }
    lastUsed.register(lastUsedRows, true);
  }

  private static Instant lastUsedAt(HasMetadata resource) {
    if (resource instanceof ApiToken token
        && token.getStatus() != null
        && token.getStatus().getLastUsedAt() != null) {
      try {
        return Instant.parse(token.getStatus().getLastUsedAt());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  private record KindPhase(String kind, String phase) {}

  private static String kind(HasMetadata resource) {
    return HasMetadata.getKind(resource.getClass());
  }

  private static KeywardStatus status(HasMetadata resource) {
    if (resource instanceof CustomResource<?, ?> custom
        && custom.getStatus() instanceof KeywardStatus status) {
      return status;
    }
    return null;
  }

  private static String phase(HasMetadata resource) {
    KeywardStatus status = status(resource);
    return status == null || status.getPhase() == null ? UNKNOWN_PHASE : status.getPhase();
  }

  private static Instant expiresAt(HasMetadata resource) {
    if (status(resource) instanceof CredentialStatus credential
        && credential.getExpiresAt() != null) {
      try {
        return Instant.parse(credential.getExpiresAt());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }
}
