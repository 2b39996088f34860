package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import dev.keyward.secret.SecretStore;
import dev.keyward.sweep.PeriodicSweep;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically deletes the password records (in the operator's namespace, where no owner reference
 * can reach them) whose ApiUser no longer exists. Like {@link OrphanBindingSweep}, an event source
 * of the ApiUser controller only so that it runs where the controller runs (on the elected leader)
 * and stops with it; it never wakes an ApiUser up.
 */
final class PasswordRecordSweep extends PeriodicSweep<ApiUser> {

  private static final Logger log = LoggerFactory.getLogger(PasswordRecordSweep.class);

  private final KubernetesClient client;
  private final SecretStore store;
  private final Cache<ApiUser> users;
  private final Cache<Secret> secrets;
  private final String recordsNamespace;

  PasswordRecordSweep(
      KubernetesClient client,
      Cache<ApiUser> users,
      Cache<Secret> secrets,
      String recordsNamespace,
      Duration interval) {
    super("apiuser-password-record-sweep", "password-record-sweep", interval);
    this.client = client;
    this.store = new SecretStore(client);
    this.users = users;
    this.secrets = secrets;
    this.recordsNamespace = recordsNamespace;
  }

  @Override
  protected void sweepOnce() {
    // Records first, users second: a user is always created before its record.
    List<Secret> records = secrets.list(this::isRecord).toList();
    Set<String> live = users.list().map(u -> u.getMetadata().getUid()).collect(Collectors.toSet());
    for (Secret record : records) {
      String uid = record.getMetadata().getLabels().get(KeywardNames.APIUSER_UID_LABEL);
      if (live.contains(uid) || !userGone(record.getMetadata().getLabels(), uid)) {
        continue;
      }
      store.delete(recordsNamespace, record.getMetadata().getName());
      log.info(
          "removed password record {}/{}: its ApiUser (uid {}) no longer exists",
          recordsNamespace,
          record.getMetadata().getName(),
          uid);
    }
  }

  private boolean isRecord(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return recordsNamespace.equals(secret.getMetadata().getNamespace())
        && labels != null
        && "true".equals(labels.get(KeywardNames.PASSWORD_RECORD_LABEL))
        && labels.get(KeywardNames.APIUSER_UID_LABEL) != null;
  }

  /** Asks the API server, not the cache, before deleting: a lagging cache must not lock out. */
  private boolean userGone(Map<String, String> labels, String uid) {
    String namespace = labels.get(KeywardNames.APIUSER_NAMESPACE_LABEL);
    String name = labels.get(KeywardNames.APIUSER_NAME_LABEL);
    if (namespace == null || name == null) {
      List<ApiUser> candidates =
          namespace == null
              ? client.resources(ApiUser.class).inAnyNamespace().list().getItems()
              : client.resources(ApiUser.class).inNamespace(namespace).list().getItems();
      return candidates.stream().noneMatch(u -> uid.equals(u.getMetadata().getUid()));
    }
    ApiUser user = client.resources(ApiUser.class).inNamespace(namespace).withName(name).get();
    return user == null || !uid.equals(user.getMetadata().getUid());
  }
}
