package dev.keyward.lifecycle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.api.KeywardNames;
import dev.keyward.api.PasswordSpec;
import dev.keyward.credential.PasswordGenerator;
import dev.keyward.credential.PasswordWork;
import dev.keyward.secret.SecretStore;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps an ApiUser's password: generates one into a {@code kubernetes.io/basic-auth} Secret, or
 * reads the one the user supplies in a Secret that opted in. Either way its Argon2id record goes
 * into an operator-owned Secret in the operator's own namespace ({@code kwpw-<apiuser uid>}), never
 * into a status nor the user's namespace: tenants cannot read it, and a verifier reads it there
 * with no right on tenant Secrets. No owner reference can cross namespaces, so the record is
 * labelled with its user's uid, deleted when the password goes, and swept when the user goes. Every
 * hash and check runs within the process's {@link PasswordWork} budget, so a restart that re-checks
 * every user takes its turn with logins instead of allocating 19 MiB per reconcile thread.
 */
public final class PasswordKeeper {

  public static final int MINIMUM_LENGTH = 12;

  /** What {@link #ensure} found or did. */
  public record Result(boolean ok, String reason, String message) {
    static Result ok(String reason, String message) {
      return new Result(true, reason, message);
    }

    static Result invalid(String reason, String message) {
      return new Result(false, reason, message);
    }
  }

  private final SecretStore secrets;
  private final CrashPoint crashPoint;
  private final String recordsNamespace;

  /** Secrets remembered as checked; beyond, the least used are checked again when reconciled. */
  static final int MAX_VERIFIED = 10_000;

  private final PasswordWork work;

  /** Secret resource versions whose password was already checked against the recorded hash. */
  private final Cache<String, String> verified =
      Caffeine.newBuilder().maximumSize(MAX_VERIFIED).build();

  /** {@code recordsNamespace}: the operator's own namespace, where the records are kept. */
  public PasswordKeeper(SecretStore secrets, CrashPoint crashPoint, String recordsNamespace) {
    this.secrets = secrets;
    this.crashPoint = crashPoint;
    this.recordsNamespace = recordsNamespace;
    this.work = PasswordWork.shared();
  }

  /** Empty when the user has no password. */
  public Optional<Result> ensure(ApiUser user, ApiUserStatus status) {
    PasswordSpec spec = user.getSpec().getPassword();
    if (spec == null) {
      if (status.getPasswordSecretName() != null || status.getPasswordSecretVersion() != null) {
        // The password was just removed: its record must stop verifying.
        clearRecord(user);
      }
      status.setPasswordSecretName(null);
      status.setPasswordSecretVersion(null);
      return Optional.empty();
    }
    Result result =
        Boolean.TRUE.equals(spec.getGenerate())
            ? generated(user, spec, status)
            : supplied(user, spec, status);
    if (!result.ok() && !"SecretConflict".equals(result.reason())) {
      clearRecord(user);
    }
    return Optional.of(result);
  }

  private Result generated(ApiUser user, PasswordSpec spec, ApiUserStatus status) {
    String name = KeywardNames.passwordSecretName(user);
    String namespace = user.getMetadata().getNamespace();
    Optional<Secret> existing = secrets.read(namespace, name);
    if (existing.isPresent() && !SecretStore.ownedBy(existing.get(), user)) {
      return Result.invalid(
          "SecretConflict",
          "Secret " + name + " exists and is not managed by this user; it is left untouched");
    }
    Optional<Secret> record = readRecord(user);
    if (record.isPresent() && !KeywardNames.isPasswordRecordOf(record.get(), user)) {
      return recordConflict(user);
    }
    status.setPasswordSecretName(name);
    status.setPasswordSecretVersion(null);
    Optional<String> value =
        existing.flatMap(s -> SecretStore.value(s, KeywardNames.PASSWORD_DATA_KEY));
    Optional<String> hash = record.flatMap(PasswordKeeper::recordedHash);
    if (value.isPresent() && hash.isPresent() && matches(existing.get(), value.get(), hash.get())) {
      return Result.ok("PasswordReady", "the password is in Secret " + name);
    }
    if (value.isPresent() && SecretStore.writtenByKeyward(existing.get(), value.get())) {
      writeRecord(user, record, work.hash(value.get()), "generated");
      return Result.ok("PasswordAdopted", "recorded the password found in Secret " + name);
    }
    int length = spec.getLength() == null ? PasswordGenerator.DEFAULT_LENGTH : spec.getLength();
    String password = PasswordGenerator.generate(length);
    secrets.write(
        user,
        existing,
        name,
        "kubernetes.io/basic-auth",
        Map.of(
            KeywardNames.USERNAME_DATA_KEY,
            KeywardNames.username(user),
            KeywardNames.PASSWORD_DATA_KEY,
            password),
        password,
        Map.of(),
        Map.of());
    crashPoint.afterSecretWritten(user);
    writeRecord(user, record, work.hash(password), "generated");
    return Result.ok("PasswordIssued", "generated a password into Secret " + name);
  }

  private Result supplied(ApiUser user, PasswordSpec spec, ApiUserStatus status) {
    String name = spec.getSecretRef().getName();
    String key =
        Optional.ofNullable(spec.getSecretRef().getKey()).orElse(KeywardNames.PASSWORD_DATA_KEY);
    status.setPasswordSecretName(null);
    Optional<Secret> secret = secrets.read(user.getMetadata().getNamespace(), name);
    Optional<String> value =
        secret
            .filter(s -> SuppliedPassword.optedIn(s, user))
            .flatMap(s -> SecretStore.value(s, key))
            .filter(v -> v.length() >= MINIMUM_LENGTH);
    if (value.isEmpty()) {
      // One message whatever is wrong: the answer must tell nothing about a Secret's content.
      status.setPasswordSecretVersion(null);
      return Result.invalid("PasswordSecretUnusable", SuppliedPassword.unusable(name, key, user));
    }
    Optional<Secret> record = readRecord(user);
    if (record.isPresent() && !KeywardNames.isPasswordRecordOf(record.get(), user)) {
      return recordConflict(user);
    }
    String source =
        secret.get().getMetadata().getUid() + "/" + secret.get().getMetadata().getResourceVersion();
    if (record.flatMap(PasswordKeeper::recordedHash).isEmpty()
        || !Objects.equals(source, recordedSource(record.get()))) {
      writeRecord(user, record, work.hash(value.get()), source);
    }
    status.setPasswordSecretVersion(secret.get().getMetadata().getResourceVersion());
    return Result.ok(
        "PasswordReady", "the password from Secret " + name + " is recorded as an Argon2id hash");
  }

  private static Result recordConflict(ApiUser user) {
    return Result.invalid(
        "SecretConflict",
        "the operator's password record Secret "
            + KeywardNames.passwordRecordSecretName(user)
            + " exists and is not labelled for this user; it is left untouched");
  }

  private Optional<Secret> readRecord(ApiUser user) {
    return secrets.read(recordsNamespace, KeywardNames.passwordRecordSecretName(user));
  }

  private void writeRecord(ApiUser user, Optional<Secret> existing, String hash, String source) {
    secrets.writeUnowned(
        user.getKind(),
        recordsNamespace,
        existing,
        KeywardNames.passwordRecordSecretName(user),
        "Opaque",
        Map.of(KeywardNames.PASSWORD_RECORD_DATA_KEY, hash),
        hash,
        KeywardNames.passwordRecordLabels(user),
        Map.of(KeywardNames.PASSWORD_SOURCE_ANNOTATION, source));
  }

  /** Deletes this user's record: no password verifies for it. */
  private void clearRecord(ApiUser user) {
    Optional<Secret> record = readRecord(user);
    if (record.isPresent() && KeywardNames.isPasswordRecordOf(record.get(), user)) {
      secrets.delete(recordsNamespace, KeywardNames.passwordRecordSecretName(user));
    }
  }

  /** The Argon2id PHC string in a password record Secret, if it holds one. */
  public static Optional<String> recordedHash(Secret record) {
    return SecretStore.value(record, KeywardNames.PASSWORD_RECORD_DATA_KEY)
        .filter(v -> !v.isEmpty());
  }

  private static String recordedSource(Secret record) {
    Map<String, String> annotations = record.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(KeywardNames.PASSWORD_SOURCE_ANNOTATION);
  }

  private boolean matches(Secret secret, String password, String hash) {
    String cacheKey =
        secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion();
    if (hash.equals(verified.getIfPresent(cacheKey))) {
      return true;
    }
    boolean ok = work.verify(password, hash);
    if (ok) {
      verified.put(cacheKey, hash);
    }
    return ok;
  }
}
