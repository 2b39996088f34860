package dev.keyward.delivery;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.CredentialSpec;
import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes a source up for delivery: an AccessGrant in a namespace it delivers to (an index of
 * {@code spec.secret.deliverTo}), and a change to one of its copies (mapped back through the copy's
 * labels, as no owner reference can cross namespaces).
 */
public final class DeliveryEventSources {

  public static final String BY_DELIVERY_TARGET_INDEX = "byDeliveryTarget";

  /** Index of a controller's Secret informer: delivered copies by the uid of their source. */
  public static final String BY_SOURCE_UID_INDEX = "bySourceUid";

  private DeliveryEventSources() {}

  /**
   * Everything delivery needs in a source's controller: the indexes, the copy sweep and, unless the
   * controller watches AccessGrants already ({@code withGrants} false), an AccessGrant informer.
   * {@code secrets} is the controller's Secret informer, mapped with {@link #copySource()}.
   */
  public static <P extends CustomResource<? extends CredentialSpec, ?>>
      List<EventSource<?, P>> prepare(
          Class<P> type,
          EventSourceContext<P> context,
          InformerEventSource<Secret, P> secrets,
          Duration sweepInterval,
          boolean withGrants) {
    index(context);
    indexCopies(secrets);
    List<EventSource<?, P>> sources = new ArrayList<>();
    sources.add(
        new DeliveredCopySweep<>(
            context.getClient(), type, context.getPrimaryCache(), secrets, sweepInterval));
    if (withGrants) {
      sources.add(grants(type, context));
    }
    return sources;
  }

  /** Indexes the controller's primaries by the namespaces they deliver to. */
  public static <P extends CustomResource<? extends CredentialSpec, ?>> void index(
      EventSourceContext<P> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            BY_DELIVERY_TARGET_INDEX,
            p ->
                p.getSpec() == null || p.getSpec().getSecret() == null
                    ? List.of()
                    : p.getSpec().getSecret().deliverToOrEmpty());
  }

  /**
   * Indexes the controller's Secret informer by the source uid of delivered copies, so a reconcile
   * finds its copies without scanning every Secret. Call before the informer starts.
   */
  public static <P extends HasMetadata> void indexCopies(InformerEventSource<Secret, P> secrets) {
    secrets.addIndexers(
        Map.of(
            BY_SOURCE_UID_INDEX,
            secret -> {
              Map<String, String> labels = secret.getMetadata().getLabels();
              String uid =
                  labels == null ? null : labels.get(KeywardNames.DELIVERED_FROM_UID_LABEL);
              return uid == null ? List.of() : List.of(uid);
            }));
  }

  /** The primaries that deliver into {@code namespace}. */
  public static <P extends HasMetadata> Set<ResourceID> deliveringTo(
      IndexerResourceCache<P> cache, String namespace) {
    return cache.byIndex(BY_DELIVERY_TARGET_INDEX, namespace).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /**
   * The AccessGrant informer of a controller that has none yet (ApiToken): a grant concerns the
   * sources that deliver into its namespace.
   */
  public static <P extends CustomResource<? extends CredentialSpec, ?>>
      InformerEventSource<AccessGrant, P> grants(Class<P> type, EventSourceContext<P> context) {
    var cache = context.getPrimaryCache();
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(AccessGrant.class, type)
            .withSecondaryToPrimaryMapper(
                (AccessGrant grant) -> deliveringTo(cache, grant.getMetadata().getNamespace()))
            .build(),
        context);
  }

  /** Maps a delivered copy to its source through its labels. */
  public static SecondaryToPrimaryMapper<Secret> copySource() {
    return secret -> {
      Map<String, String> labels = secret.getMetadata().getLabels();
      if (labels == null || labels.get(KeywardNames.DELIVERED_FROM_UID_LABEL) == null) {
        return Set.of();
      }
      String namespace = labels.get(KeywardNames.DELIVERED_FROM_NAMESPACE_LABEL);
      String name = labels.get(KeywardNames.DELIVERED_FROM_NAME_LABEL);
      return namespace == null || name == null ? Set.of() : Set.of(new ResourceID(name, namespace));
    };
  }

  /** The grants and copies this controller's informers hold, for {@link SecretDelivery}. */
  @SuppressWarnings("unchecked")
  public static <P extends HasMetadata> SecretDelivery.Caches caches(Context<P> context) {
    var grants =
        (InformerEventSource<AccessGrant, P>)
            context.eventSourceRetriever().getEventSourceFor(AccessGrant.class);
    var secrets =
        (InformerEventSource<Secret, P>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class);
    return new SecretDelivery.Caches(
        namespace -> grants.list(namespace).toList(),
        source ->
            secrets.byIndex(BY_SOURCE_UID_INDEX, source.getMetadata().getUid()).stream()
                .filter(s -> KeywardNames.isDeliveredCopyOf(s, source))
                .collect(Collectors.toSet()));
  }
}
