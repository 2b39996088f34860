package dev.keyward.verify;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import dev.keyward.cache.ControllerCache;
import dev.keyward.cache.IndexedInformers;
import dev.keyward.cache.IndexedPrunedItemStore;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.PrunedItemStore;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.lifecycle.KeyValidity;
import dev.keyward.lifecycle.PasswordKeeper;
import dev.keyward.lifecycle.UsernameClaim;
import dev.keyward.status.Phase;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers "is this key valid, and who is it?" from memory. Informers on ApiTokens and ApiUsers
 * (independent of leader election, so every replica answers) keep an index from key digest to
 * token; the decision also checks enabled state, owner (by uid, and holding its username), expiry
 * and grace periods at the instant of the request, so a change stops a key as soon as the informer
 * sees it. It answers with the scopes the operator approved, never with unjudged spec.
 */
public final class CredentialIndex implements AutoCloseable {

  static final String BY_USERNAME = "byUsername";

  private final VerificationTokens tokens;
  private final SharedIndexInformer<ApiUser> users;
  private final SharedIndexInformer<Secret> passwordRecords;
  private final String recordsNamespace;
  private final Clock clock;
  private final RememberedAnswers answers;

  CredentialIndex(
      VerificationTokens tokens,
      SharedIndexInformer<ApiUser> users,
      SharedIndexInformer<Secret> passwordRecords,
      String recordsNamespace,
      Clock clock,
      RememberedAnswers answers) {
    this.answers = answers;
    this.tokens = tokens;
    this.users = users;
    this.passwordRecords = passwordRecords;
    this.recordsNamespace = recordsNamespace;
    this.clock = clock;
  }

  /**
   * Starts the informers. Password records are watched in {@code recordsNamespace} only (the
   * operator's own, where the signing keys are too): no right on any tenant's Secrets is needed.
   */
  public static CredentialIndex start(
      KubernetesClient client, Clock clock, String recordsNamespace) {
    return start(client, clock, recordsNamespace, Optional.empty());
  }

  /**
   * As {@link #start(KubernetesClient, Clock, String)}; with the apitoken controller's cache, when
   * this replica also reconciles, tokens are read from it instead of from an informer of their own.
   */
  public static CredentialIndex start(
      KubernetesClient client,
      Clock clock,
      String recordsNamespace,
      Optional<ControllerCache<ApiToken>> controllerTokens) {
    RememberedAnswers answers = new RememberedAnswers();
    SharedIndexInformer<ApiUser> users =
        IndexedInformers.start(
            client,
            ApiUser.class,
            BY_USERNAME,
            u -> List.of(UsernameClaim.key(u)),
            new PrunedItemStore<>(answers::usersChanged));
    VerificationTokens tokens =
        controllerTokens
            .map(VerificationTokens::controllerCache)
            .orElseGet(() -> VerificationTokens.informer(client));
    SharedIndexInformer<Secret> passwordRecords =
        client
            .secrets()
            .inNamespace(recordsNamespace)
            .withLabel(KeywardNames.MANAGED_BY_LABEL, KeywardNames.MANAGED_BY)
            .withLabel(KeywardNames.PASSWORD_RECORD_LABEL, "true")
            .withLimit(ListPages.SIZE)
            .runnableInformer(0)
            .itemStore(new PrunedItemStore<>())
            .run();
    return new CredentialIndex(tokens, users, passwordRecords, recordsNamespace, clock, answers);
  }

  private boolean isSynced() {
    return tokens.isCurrent()
        && users.hasSynced()
        && (passwordRecords == null || passwordRecords.hasSynced());
  }

  /**
   * True while both informers have synced and are watching: only then do answers follow the cluster
   * (a replica whose watch broke could keep accepting a revoked key).
   */
  public boolean isCurrent() {
    return isSynced() && users.isWatching();
  }

  /** Number of tokens indexed, for metrics and benchmarks. */
  public int size() {
    return tokens.size();
  }

  /** The cached ApiToken, as the verifier last saw it. */
  public Optional<ApiToken> token(String namespace, String name) {
    return tokens.get(namespace, name);
  }

  /**
   * The ApiUser of this name when it may verify now: enabled, not being deleted, and holding its
   * username in its namespace.
   */
  public Optional<ApiUser> usableUser(String namespace, String name) {
    return Optional.ofNullable(users.getStore().getByKey(namespace + "/" + name))
        .filter(u -> u.getSpec().enabledOrDefault())
        .filter(u -> u.getMetadata().getDeletionTimestamp() == null)
        .filter(this::holdsUsername);
  }

  /** The ApiUser that holds this username in the namespace (a later duplicate is never found). */
  public Optional<ApiUser> userByUsername(String namespace, String username) {
    return UsernameClaim.holder(
        users.getIndexer().byIndex(BY_USERNAME, UsernameClaim.key(namespace, username)));
  }

  /** True when the user holds its username in its namespace (see {@link UsernameClaim}). */
  boolean holdsUsername(ApiUser user) {
    return UsernameClaim.holds(
        user, users.getIndexer().byIndex(BY_USERNAME, UsernameClaim.key(user)));
  }

  /**
   * The Argon2id record of the user's password, from the operator-owned Secret in the operator's
   * namespace; only a Secret labelled with this very user's uid counts.
   */
  public Optional<String> passwordHash(ApiUser user) {
    Secret record =
        passwordRecords
            .getStore()
            .getByKey(recordsNamespace + "/" + KeywardNames.passwordRecordSecretName(user));
    if (record == null || !KeywardNames.isPasswordRecordOf(record, user)) {
      return Optional.empty();
    }
    return PasswordKeeper.recordedHash(record);
  }

  /**
   * The identity behind a presented key, or empty. Keys with a bad checksum are refused before any
   * lookup.
   */
  public Optional<Identity> verify(String presented) {
    if (!KeyFormat.hasValidChecksum(presented)) {
      return Optional.empty();
    }
    String digest = KeyHasher.digest(presented);
    Instant now = clock.instant();
    IndexedPrunedItemStore.Entry<ApiToken> holders = tokens.byDigest(digest);
    if (holders == null) {
      return Optional.empty();
    }
    // Read before deciding: a change to the users after this read makes the answer stale.
    long usersVersion = answers.usersVersion(holders);
    Optional<Identity> remembered = answers.reusable(holders, usersVersion, now);
    if (remembered.isPresent()) {
      return remembered;
    }
    for (ApiToken token : holders.objects()) {
      Optional<Identity> identity = evaluate(token, digest, now);
      if (identity.isPresent()) {
        answers.remember(holders, usersVersion, identity.get());
        return identity;
      }
    }
    return Optional.empty();
  }

  /**
   * The token whose current key this is, when that token is Deprecated: tells metrics and logs why
   * a key was refused. Never consulted for the answer, which {@link #verify} alone gives.
   */
  public Optional<ApiToken> deprecatedHolderOf(String presented) {
    if (!KeyFormat.hasValidChecksum(presented)) {
      return Optional.empty();
    }
    String digest = KeyHasher.digest(presented);
    IndexedPrunedItemStore.Entry<ApiToken> holders = tokens.byDigest(digest);
    if (holders == null) {
      return Optional.empty();
    }
    return holders.objects().stream()
        .filter(
            t -> t.getStatus() != null && Phase.Deprecated.name().equals(t.getStatus().getPhase()))
        .filter(
            t ->
                t.getStatus().getKey() != null
                    && KeyValidity.sameDigest(t.getStatus().getKey(), digest))
        .findFirst();
  }

  private Optional<Identity> evaluate(ApiToken token, String digest, Instant now) {
    ApiTokenStatus status = token.getStatus();
    if (status == null
        || !Phase.Active.name().equals(status.getPhase())
        || !token.getSpec().enabledOrDefault()
        || token.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    ApiUser user =
        users
            .getStore()
            .getByKey(token.getMetadata().getNamespace() + "/" + token.getSpec().getUser());
    if (user == null
        || !user.getSpec().enabledOrDefault()
        || user.getMetadata().getDeletionTimestamp() != null
        || !user.getMetadata().getUid().equals(status.getOwner())
        || !holdsUsername(user)) {
      return Optional.empty();
    }
    // The key's own instants: a previous key in grace stops at the end of its grace period.
    return KeyValidity.of(status, digest, now)
        .map(
            key ->
                Identity.ofUser(
                        user,
                        "ApiToken",
                        token.getMetadata().getName(),
                        token.getMetadata().getUid(),
                        answeredScopes(token),
                        key.issuedAt(),
                        key.expiresAt())
                    .withLastUsedAt(
                        status.getLastUsedAt() == null
                            ? null
                            : Instant.parse(status.getLastUsedAt())));
  }

  /**
   * The scopes the operator approved, less any that spec.scopes no longer lists: a narrowing
   * applies at once, a widening only once the operator has judged it.
   */
  static List<String> answeredScopes(ApiToken token) {
    List<String> approved = token.getStatus().getApprovedScopes();
    if (approved == null) {
      return List.of();
    }
    List<String> wanted = token.getSpec().getScopes();
    if (wanted == null) {
      return List.of();
    }
    // A handful of scopes: a list scan, without a set or a stream per request.
    if (wanted.containsAll(approved)) {
      return approved;
    }
    return approved.stream().filter(wanted::contains).toList();
  }

  @Override
  public void close() {
    tokens.close();
    users.close();
    if (passwordRecords != null) {
      passwordRecords.close();
    }
  }
}
