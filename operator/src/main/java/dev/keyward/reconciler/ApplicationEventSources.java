package dev.keyward.reconciler;

import dev.keyward.KeywardNames;
import dev.keyward.api.AccessGrant;
import dev.keyward.api.Application;
import dev.keyward.cache.MetadataOnlyItemStore;
import dev.keyward.delivery.DeliveryEventSources;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.secret.ManagedSecrets;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes an Application up: its Secret and ServiceAccount (owner references), its RoleBindings
 * in project namespaces (labels), namespaces appearing or going (an index of projects),
 * AccessGrants in its projects and in the namespaces it delivers its Secret to, copies of its
 * Secret, and role map changes; plus the sweeps of orphaned bindings and copies. None of the
 * Secret, ServiceAccount, RoleBinding or Namespace caches is read for content, so they keep only
 * metadata.
 */
final class ApplicationEventSources {

  static final String BY_PROJECT_INDEX = "byProject";

  private ApplicationEventSources() {}

  static List<EventSource<?, Application>> prepare(
      EventSourceContext<Application> context,
      RoleMapSource roleMap,
      Duration orphanSweepInterval) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(
        BY_PROJECT_INDEX,
        app -> app.getSpec().getProjects() == null ? List.of() : app.getSpec().getProjects());
    var secrets =
        ManagedSecrets.eventSource(Application.class, context, DeliveryEventSources.copySource());
    var serviceAccounts =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServiceAccount.class, Application.class)
                .withLabelSelector(KeywardNames.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Application.class))
                .withItemStore(new MetadataOnlyItemStore<>())
                .build(),
            context);
    var bindings =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(RoleBinding.class, Application.class)
                .withLabelSelector(KeywardNames.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(ApplicationEventSources::owningApplication)
                .withItemStore(new MetadataOnlyItemStore<>())
                .build(),
            context);
    var namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, Application.class)
                .withSecondaryToPrimaryMapper(
                    (Namespace ns) ->
                        cache.byIndex(BY_PROJECT_INDEX, ns.getMetadata().getName()).stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withItemStore(new MetadataOnlyItemStore<>())
                .build(),
            context);
    // A grant in a namespace concerns the Applications that list it as a project, whichever
    // sources it names now or named before the change.
    var grants =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AccessGrant.class, Application.class)
                .withSecondaryToPrimaryMapper(
                    (AccessGrant grant) -> {
                      String namespace = grant.getMetadata().getNamespace();
                      Set<ResourceID> concerned =
                          cache.byIndex(BY_PROJECT_INDEX, namespace).stream()
                              .map(ResourceID::fromResource)
                              .collect(Collectors.toSet());
                      concerned.addAll(DeliveryEventSources.deliveringTo(cache, namespace));
                      return concerned;
                    })
                .build(),
            context);
    var sweep = new OrphanBindingSweep(context.getClient(), cache, bindings, orphanSweepInterval);
    SimpleInboundEventSource<Application> roleMapChanges =
        new SimpleInboundEventSource<>("application-role-map");
    roleMap.onChange(
        () -> cache.list().map(ResourceID::fromResource).forEach(roleMapChanges::propagateEvent));
    List<EventSource<?, Application>> sources =
        new ArrayList<>(
            List.of(secrets, serviceAccounts, bindings, namespaces, grants, sweep, roleMapChanges));
    sources.addAll(
        DeliveryEventSources.prepare(
            Application.class, context, secrets, orphanSweepInterval, false));
    return sources;
  }

  private static Set<ResourceID> owningApplication(RoleBinding binding) {
    Map<String, String> labels = binding.getMetadata().getLabels();
    String namespace = labels.get(KeywardNames.APP_NAMESPACE_LABEL);
    String name = labels.get(KeywardNames.APP_NAME_LABEL);
    return namespace == null || name == null ? Set.of() : Set.of(new ResourceID(name, namespace));
  }
}
