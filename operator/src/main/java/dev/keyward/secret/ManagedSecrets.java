package dev.keyward.secret;

import dev.keyward.api.KeywardNames;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.MetadataOnlyItemStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.HashSet;
import java.util.Set;

/**
 * The Secret informer of a controller: label-selected, so only the Secrets Keyward made for this
 * controller's kind are cached (not unrelated Secrets, nor another controller's), and mapped to the
 * owning resource through its owner reference. The cache keeps only metadata ({@link
 * MetadataOnlyItemStore}): the keys are read from the API server when needed, never held here.
 */
public final class ManagedSecrets {

  private ManagedSecrets() {}

  public static <P extends HasMetadata> InformerEventSource<Secret, P> eventSource(
      Class<P> ownerType, EventSourceContext<P> context) {
    return eventSource(ownerType, context, secret -> Set.of());
  }

  /**
   * As {@link #eventSource(Class, EventSourceContext)}, also mapping Secrets that no owner
   * reference can tie to their owner (kept in another namespace) through {@code byLabels}.
   */
  public static <P extends HasMetadata> InformerEventSource<Secret, P> eventSource(
      Class<P> ownerType,
      EventSourceContext<P> context,
      SecondaryToPrimaryMapper<Secret> byLabels) {
    SecondaryToPrimaryMapper<Secret> byOwner = Mappers.fromOwnerReferences(ownerType);
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, ownerType)
            .withLabelSelector(KeywardNames.managedSelector(HasMetadata.getKind(ownerType)))
            .withSecondaryToPrimaryMapper(
                secret -> {
                  Set<ResourceID> owners = new HashSet<>(byOwner.toPrimaryResourceIDs(secret));
                  owners.addAll(byLabels.toPrimaryResourceIDs(secret));
                  return owners;
                })
            .withItemStore(new MetadataOnlyItemStore<>())
            .withInformerListLimit(ListPages.SIZE)
            .build(),
        context);
  }
}
