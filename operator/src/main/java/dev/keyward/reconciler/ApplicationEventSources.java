package dev.keyward.reconciler;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.MetadataOnlyItemStore;
import dev.keyward.delivery.DeliveryEventSources;
import dev.keyward.rbac.ApplicationRbac;
import dev.keyward.rbac.ProjectCache;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.secret.ManagedSecrets;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes an Application up: its Secret and ServiceAccount (owner references), its RoleBindings
 * in project namespaces (labels), namespaces appearing or going (an index of projects),
 * AccessGrants in its projects and in the namespaces it delivers its Secret to, copies of its
 * Secret, and role map changes; plus the sweeps of orphaned bindings and copies. The RoleBinding
 * and Namespace informers also answer {@link ProjectCache}: a reconcile reads an Application's
 * bindings and its projects' namespaces from them, not from the API server. All these caches keep
 * only what is read (see {@link MetadataOnlyItemStore}).
 */
final class ApplicationEventSources {

  static final String BY_PROJECT_INDEX = "byProject";

  /**
   * Applications by uid: a RoleBinding names its Application by uid, whatever its name's length.
   */
  static final String BY_UID_INDEX = "byUid";

  private ApplicationEventSources() {}

  static List<EventSource<?, Application>> prepare(
      EventSourceContext<Application> context,
      RoleMapSource roleMap,
      Duration orphanSweepInterval,
      ApplicationRbac rbac) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(
        BY_PROJECT_INDEX,
        app -> app.getSpec().getProjects() == null ? List.of() : app.getSpec().getProjects());
    cache.addIndexer(BY_UID_INDEX, app -> List.of(app.getMetadata().getUid()));
    var secrets =
        ManagedSecrets.eventSource(Application.class, context, DeliveryEventSources.copySource());
    var serviceAccounts =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServiceAccount.class, Application.class)
                .withLabelSelector(KeywardNames.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Application.class))
                .withItemStore(new MetadataOnlyItemStore<>())
                .withInformerListLimit(ListPages.SIZE)
                .build(),
            context);
    var bindings =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(RoleBinding.class, Application.class)
                .withLabelSelector(KeywardNames.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(
                    (RoleBinding binding) -> owningApplication(binding, cache))
                .withItemStore(new MetadataOnlyItemStore<>())
                .withInformerListLimit(ListPages.SIZE)
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
                .withInformerListLimit(ListPages.SIZE)
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
    rbac.readFrom(projectCache(bindings, namespaces));
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

  /** Namespaces and an Application's RoleBindings, answered from the informers above. */
  private static ProjectCache projectCache(
      InformerEventSource<RoleBinding, Application> bindings,
      InformerEventSource<Namespace, Application> namespaces) {
    bindings.addIndexers(
        Map.of(
            BY_UID_INDEX,
            b -> {
              String uid = b.getMetadata().getLabels().get(KeywardNames.APP_UID_LABEL);
              return uid == null ? List.of() : List.of(uid);
            }));
    return new ProjectCache() {
      @Override
      public Optional<Namespace> namespace(String name) {
        return namespaces.get(new ResourceID(name));
      }

      @Override
      public List<RoleBinding> bindingsOf(Application app) {
        return bindings.byIndex(BY_UID_INDEX, app.getMetadata().getUid());
      }
    };
  }

  private static Set<ResourceID> owningApplication(
      RoleBinding binding, IndexedResourceCache<Application> cache) {
    String uid = binding.getMetadata().getLabels().get(KeywardNames.APP_UID_LABEL);
    return uid == null
        ? Set.of()
        : cache.byIndex(BY_UID_INDEX, uid).stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet());
  }
}
