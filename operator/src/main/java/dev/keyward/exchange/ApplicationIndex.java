package dev.keyward.exchange;

import dev.keyward.api.Application;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.api.KeywardNames;
import dev.keyward.cache.IndexedInformers;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.lifecycle.GoDuration;
import dev.keyward.lifecycle.KeyValidity;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.status.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates app id and secret from memory. An informer on Applications (on every replica,
 * independent of leader election) indexes them by appId; enabled state, deletion, expiry and grace
 * periods are judged at the instant of the request, so a disabled or deleted Application stops
 * exchanging as soon as the informer sees the change.
 */
public final class ApplicationIndex implements AutoCloseable {

  static final String BY_APP_ID = "byAppId";
  static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

  private final SharedIndexInformer<Application> apps;
  private final RoleMapSource roleMap;
  private final Clock clock;

  private ApplicationIndex(
      SharedIndexInformer<Application> apps, RoleMapSource roleMap, Clock clock) {
    this.apps = apps;
    this.roleMap = roleMap;
    this.clock = clock;
  }

  public static ApplicationIndex start(
      KubernetesClient client, RoleMapSource roleMap, Clock clock) {
    SharedIndexInformer<Application> apps =
        IndexedInformers.start(client, Application.class, BY_APP_ID, ApplicationIndex::appIdOf);
    return new ApplicationIndex(apps, roleMap, clock);
  }

  /** True while the informer has synced and is watching. */
  public boolean isCurrent() {
    return apps.hasSynced() && apps.isWatching();
  }

  /** The Application with this id whose current (or in-grace) secret is {@code secret}. */
  public Optional<AppClient> authenticate(String appId, String secret) {
    if (appId == null || secret == null || !KeyFormat.hasValidChecksum(secret)) {
      return Optional.empty();
    }
    String digest = KeyHasher.digest(secret);
    Instant now = clock.instant();
    for (Application app : apps.getIndexer().byIndex(BY_APP_ID, appId)) {
      if (usable(app, digest, now)) {
        return Optional.of(client(app));
      }
    }
    return Optional.empty();
  }

  /** The Application with this id while it is Active, enabled and not being deleted. */
  public Optional<AppClient> active(String appId) {
    if (appId == null) {
      return Optional.empty();
    }
    return apps.getIndexer().byIndex(BY_APP_ID, appId).stream()
        .filter(ApplicationIndex::active)
        .findFirst()
        .map(this::client);
  }

  private static boolean active(Application app) {
    ApplicationStatus status = app.getStatus();
    return status != null
        && app.getMetadata().getUid().equals(status.getAppId())
        && Phase.Active.name().equals(status.getPhase())
        && app.getSpec().enabledOrDefault()
        && app.getMetadata().getDeletionTimestamp() == null;
  }

  private static boolean usable(Application app, String digest, Instant now) {
    ApplicationStatus status = app.getStatus();
    if (status == null
        // The appId is the uid; a status claiming another id was not written by Keyward.
        || !app.getMetadata().getUid().equals(status.getAppId())
        || !Phase.Active.name().equals(status.getPhase())
        || !app.getSpec().enabledOrDefault()
        || app.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    return KeyValidity.of(status, digest, now).isPresent();
  }

  private AppClient client(Application app) {
    List<String> roles = app.getSpec().getRoles() == null ? List.of() : app.getSpec().getRoles();
    return new AppClient(
        app.getStatus().getAppId(),
        app.getMetadata().getNamespace(),
        app.getMetadata().getName(),
        KeywardNames.serviceAccountName(app),
        roles,
        judgedProjects(app),
        roleMap.current().applicationScopes(roles),
        app.getSpec().getTokenLifetime() == null
            ? DEFAULT_TOKEN_LIFETIME
            : GoDuration.parse(app.getSpec().getTokenLifetime()));
  }

  /**
   * The projects the operator bound the Application's roles in ({@code status.boundProjects}) that
   * the spec still names: never a project as written in the spec alone, so a namespace that did not
   * consent never appears in a token or an answer of {@code /auth}.
   */
  static List<String> judgedProjects(Application app) {
    List<String> wanted = app.getSpec().getProjects();
    List<String> bound = app.getStatus() == null ? null : app.getStatus().getBoundProjects();
    if (wanted == null || bound == null) {
      return List.of();
    }
    return wanted.stream().filter(bound::contains).distinct().toList();
  }

  private static List<String> appIdOf(Application app) {
    return app.getStatus() == null || app.getStatus().getAppId() == null
        ? List.of()
        : List.of(app.getStatus().getAppId());
  }

  @Override
  public void close() {
    apps.close();
  }
}
