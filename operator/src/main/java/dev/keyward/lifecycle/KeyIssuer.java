package dev.keyward.lifecycle;

import static dev.keyward.api.KeywardNames.REVOKE_ANNOTATION;
import static dev.keyward.api.KeywardNames.ROTATE_ANNOTATION;
import static dev.keyward.api.KeywardNames.ROTATE_GRACE_ANNOTATION;

import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.cache.MetadataOnlyItemStore;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.secret.SecretStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a credential's key: issues it, adopts a key written just before a crash, reissues it when
 * its Secret was deleted or edited, rotates it (with a grace period for the previous key) and
 * revokes it (a new key, no grace for any earlier one). The plaintext goes only into the Secret,
 * with the intent of the write beside it; the status receives its record.
 */
public final class KeyIssuer {

  /** The longest grace period a rotation may give, as for {@code rotation.gracePeriod}. */
  static final Duration MAX_GRACE_PERIOD = Duration.ofHours(720);

  /** What {@link #ensure} did. */
  public enum Outcome {
    UNCHANGED,
    ISSUED,
    ADOPTED,
    ROTATED,
    REVOKED,
    REISSUED_SECRET_DELETED,
    REISSUED_SECRET_EDITED,
    CONFLICT
  }

  /** Where the key goes: the Secret's name, the data key, and extra data beside it. */
  public record Target(
      String secretName,
      String dataKey,
      Map<String, String> extraData,
      Map<String, String> labels,
      Map<String, String> annotations) {

    /** A Secret template without labels or annotations has none: never null. */
    public Target {
      extraData = extraData == null ? Map.of() : extraData;
      labels = labels == null ? Map.of() : labels;
      annotations = annotations == null ? Map.of() : annotations;
    }
  }

  private final SecretStore secrets;
  private final KeyFormat format;
  private final CrashPoint crashPoint;

  public KeyIssuer(SecretStore secrets, KeyFormat format, CrashPoint crashPoint) {
    this.secrets = secrets;
    this.format = format;
    this.crashPoint = crashPoint;
  }

  /**
   * The Secrets an informer caches for the credentials (metadata and the digests of their data, see
   * {@link MetadataOnlyItemStore}): what lets {@link #ensure} skip reading the Secret from the API
   * server when the cache already tells the answer.
   */
  @FunctionalInterface
  public interface SecretCache {
    /** The cached Secret of this name in the credential's namespace, if the informer has it. */
    Optional<Secret> find(String name);
  }

  /**
   * As {@link #ensure(HasMetadata, CredentialSpec, CredentialStatus, Target, Instant,
   * SecretCache)}, always reading the Secret from the API server.
   */
  public Outcome ensure(
      HasMetadata owner, CredentialSpec spec, CredentialStatus status, Target target, Instant now) {
    return readAndEnsure(owner, spec, status, target, now);
  }

  /**
   * Keeps the key, answering from the informer's cache where it settles the matter: a credential
   * whose cached Secret holds the recorded key (and needs no rotation, revocation or template
   * repair) is left as it is without any API call, and a new credential whose Secret the cache does
   * not know gets its Secret created without a read first. Anything else, or a create that finds
   * the Secret already there, reads the Secret from the API server as {@link #ensure( HasMetadata,
   * CredentialSpec, CredentialStatus, Target, Instant)} does. The order of writes is the same
   * either way: the Secret first, then (by the caller) the status.
   */
  public Outcome ensure(
      HasMetadata owner,
      CredentialSpec spec,
      CredentialStatus status,
      Target target,
      Instant now,
      SecretCache cache) {
    Optional<Secret> cached = cache.find(target.secretName());
    KeyHash record = status.getKey();
    if (cached.isEmpty() && record == null) {
      try {
        issue(owner, spec, status, target, Optional.empty(), now, KeyIntent.ISSUE);
        status.setSecretName(target.secretName());
        status.setPreviousKeys(new ArrayList<>());
        acknowledgeRequests(owner, status);
        return Outcome.ISSUED;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // The Secret exists after all (the cache lags, or it is someone else's): read it.
      }
    } else if (cached.isPresent()
        && record != null
        && SecretStore.ownedBy(cached.get(), owner)
        && MetadataOnlyItemStore.dataDigest(cached.get(), target.dataKey())
            .map(digest -> KeyHasher.sameDigest(record, digest))
            .orElse(false)
        && target.labels().isEmpty()
        && target.annotations().isEmpty()
        && !revocationDue(owner, status)
        && !rotationDue(owner, spec, status, now)) {
      status.setSecretName(target.secretName());
      return Outcome.UNCHANGED;
    }
    return readAndEnsure(owner, spec, status, target, now);
  }

  private Outcome readAndEnsure(
      HasMetadata owner, CredentialSpec spec, CredentialStatus status, Target target, Instant now) {
    Optional<Secret> existing =
        secrets.read(owner.getMetadata().getNamespace(), target.secretName());
    if (existing.isPresent() && !SecretStore.ownedBy(existing.get(), owner)) {
      return Outcome.CONFLICT;
    }
    status.setSecretName(target.secretName());
    Optional<String> value = existing.flatMap(s -> SecretStore.value(s, target.dataKey()));
    KeyHash record = status.getKey();
    if (value.isPresent() && record != null && KeyHasher.matches(value.get(), record)) {
      if (revocationDue(owner, status)) {
        status.setPreviousKeys(new ArrayList<>());
        issue(owner, spec, status, target, existing, now, KeyIntent.REVOKE);
        status.setRotatedAt(now.toString());
        acknowledgeRequests(owner, status);
        return Outcome.REVOKED;
      }
      if (rotationDue(owner, spec, status, now)) {
        retire(status, record, graceFor(owner, spec, status), now);
        issue(owner, spec, status, target, existing, now, KeyIntent.ROTATE);
        status.setRotatedAt(now.toString());
        status.setLastRotationRequest(rotationRequest(owner));
        return Outcome.ROTATED;
      }
      secrets.reapplyTemplate(
          existing.get(), owner.getKind(), target.labels(), target.annotations());
      return Outcome.UNCHANGED;
    }
    if (value.isPresent()
        && format.isWellFormed(value.get())
        && SecretStore.writtenByKeyward(existing.get(), value.get())) {
      // The Secret was written but the record was not: a crash in between. Adopt, never reissue.
      adopt(owner, spec, status, existing.get(), value.get(), now);
      return Outcome.ADOPTED;
    }
    Outcome outcome =
        record == null
            ? Outcome.ISSUED
            : value.isEmpty() ? Outcome.REISSUED_SECRET_DELETED : Outcome.REISSUED_SECRET_EDITED;
    // A reissued key replaces the old one outright: neither it nor any key in grace verifies again.
    status.setPreviousKeys(new ArrayList<>());
    issue(
        owner,
        spec,
        status,
        target,
        existing,
        now,
        record == null ? KeyIntent.ISSUE : KeyIntent.REISSUE);
    acknowledgeRequests(owner, status);
    return outcome;
  }

  /**
   * Records the key found in the Secret. What happens to the key it replaces follows the intent
   * written with it: only a rotation (or a Secret written before intents were recorded) gives the
   * replaced key its grace period; after a reissue or a revocation no earlier key verifies.
   */
  private static void adopt(
      HasMetadata owner,
      CredentialSpec spec,
      CredentialStatus status,
      Secret secret,
      String value,
      Instant now) {
    KeyHash record = status.getKey();
    Optional<KeyIntent> intent = SecretStore.intent(secret).flatMap(KeyIntent::parse);
    if (intent.isEmpty() || intent.get() == KeyIntent.ROTATE) {
      if (record != null) {
        retire(status, record, KeySchedule.gracePeriod(spec), now);
        status.setRotatedAt(now.toString());
      }
      if (intent.isPresent()) {
        status.setLastRotationRequest(rotationRequest(owner));
      }
    } else {
      status.setPreviousKeys(new ArrayList<>());
      if (intent.get() == KeyIntent.REVOKE) {
        status.setRotatedAt(now.toString());
      }
      acknowledgeRequests(owner, status);
    }
    status.setKey(KeyHasher.record(value, now.toString()));
    status.setExpiresAt(KeySchedule.expiryOf(spec, now).map(Instant::toString).orElse(null));
  }

  /** Keeps the recorded expiry in step with the spec (an absolute expiry can be edited). */
  public static void refreshExpiry(CredentialSpec spec, CredentialStatus status) {
    if (status.getKey() == null || status.getKey().getIssuedAt() == null) {
      status.setExpiresAt(null);
      return;
    }
    status.setExpiresAt(
        KeySchedule.expiryOf(spec, Instant.parse(status.getKey().getIssuedAt()))
            .map(Instant::toString)
            .orElse(null));
  }

  private void issue(
      HasMetadata owner,
      CredentialSpec spec,
      CredentialStatus status,
      Target target,
      Optional<Secret> existing,
      Instant now,
      KeyIntent intent) {
    String key = format.generate();
    Map<String, String> data = new LinkedHashMap<>(target.extraData());
    data.put(target.dataKey(), key);
    secrets.write(
        owner,
        existing,
        target.secretName(),
        "Opaque",
        data,
        key,
        intent.value(),
        target.labels(),
        target.annotations());
    crashPoint.afterSecretWritten(owner);
    status.setKey(KeyHasher.record(key, now.toString()));
    status.setExpiresAt(KeySchedule.expiryOf(spec, now).map(Instant::toString).orElse(null));
  }

  private static boolean rotationDue(
      HasMetadata owner, CredentialSpec spec, CredentialStatus status, Instant now) {
    String request = rotationRequest(owner);
    if (request != null && !Objects.equals(request, status.getLastRotationRequest())) {
      return true;
    }
    return Optional.ofNullable(status.getKey().getIssuedAt())
        .flatMap(issued -> KeySchedule.renewalOf(spec, Instant.parse(issued)))
        .map(renewal -> !renewal.isAfter(now))
        .orElse(false);
  }

  private static void retire(CredentialStatus status, KeyHash record, Duration grace, Instant now) {
    List<KeyHash> previous =
        new ArrayList<>(KeySchedule.stillInGrace(status.getPreviousKeys(), now));
    if (!grace.isZero() && !grace.isNegative()) {
      KeyHash retired = new KeyHash();
      retired.setAlgorithm(record.getAlgorithm());
      retired.setDigest(record.getDigest());
      retired.setHint(record.getHint());
      retired.setIssuedAt(record.getIssuedAt());
      Instant until = now.plus(grace);
      if (status.getExpiresAt() != null && Instant.parse(status.getExpiresAt()).isBefore(until)) {
        until = Instant.parse(status.getExpiresAt());
      }
      retired.setValidUntil(until.toString());
      if (until.isAfter(now)) {
        previous.add(retired);
      }
    }
    // Bounded: past the cap, the key retired longest ago stops verifying first.
    while (previous.size() > CredentialStatus.MAX_PREVIOUS_KEYS) {
      previous.remove(0);
    }
    status.setPreviousKeys(previous);
  }

  private static boolean revocationDue(HasMetadata owner, CredentialStatus status) {
    String request = annotation(owner, REVOKE_ANNOTATION);
    return request != null && !Objects.equals(request, status.getLastRevocationRequest());
  }

  /** A new key answers every pending rotation and revocation request at once. */
  private static void acknowledgeRequests(HasMetadata owner, CredentialStatus status) {
    status.setLastRotationRequest(rotationRequest(owner));
    status.setLastRevocationRequest(annotation(owner, REVOKE_ANNOTATION));
  }

  /**
   * The grace period of this rotation: the one given with a rotation request (annotation {@code
   * keyward.dev/rotate-grace}, set by {@code kubectl keyward rotate --grace}), else the spec's.
   */
  private static Duration graceFor(
      HasMetadata owner, CredentialSpec spec, CredentialStatus status) {
    String request = rotationRequest(owner);
    Map<String, String> annotations = owner.getMetadata().getAnnotations();
    String grace = annotations == null ? null : annotations.get(ROTATE_GRACE_ANNOTATION);
    if (grace != null
        && request != null
        && !Objects.equals(request, status.getLastRotationRequest())) {
      return requestedGrace(grace, KeySchedule.gracePeriod(spec));
    }
    return KeySchedule.gracePeriod(spec);
  }

  /**
   * A grace period asked for with a rotation: a Go duration, at most {@link #MAX_GRACE_PERIOD} (the
   * bound the CRD puts on {@code rotation.gracePeriod}); one that does not parse gives {@code
   * fallback}.
   */
  static Duration requestedGrace(String value, Duration fallback) {
    try {
      Duration grace = GoDuration.parse(value);
      if (grace.isNegative()) {
        return fallback;
      }
      return grace.compareTo(MAX_GRACE_PERIOD) > 0 ? MAX_GRACE_PERIOD : grace;
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  private static String rotationRequest(HasMetadata owner) {
    return annotation(owner, ROTATE_ANNOTATION);
  }

  private static String annotation(HasMetadata owner, String name) {
    Map<String, String> annotations = owner.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
