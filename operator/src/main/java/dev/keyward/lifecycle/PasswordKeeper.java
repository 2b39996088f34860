package dev.keyward.lifecycle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyward.KeywardNames;
import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserStatus;
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
 * reads the one the user supplies; either way only the Argon2id hash goes into the status. Every
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

  /** Secrets remembered as checked; beyond, the least used are checked again when reconciled. */
  static final int MAX_VERIFIED = 10_000;

  private final PasswordWork work;

  /** Secret resource versions whose password was already checked against the recorded hash. */
  private final Cache<String, String> verified =
      Caffeine.newBuilder().maximumSize(MAX_VERIFIED).build();

  public PasswordKeeper(SecretStore secrets, CrashPoint crashPoint) {
    this(secrets, crashPoint, PasswordWork.shared());
  }

  public PasswordKeeper(SecretStore secrets, CrashPoint crashPoint, PasswordWork work) {
    this.secrets = secrets;
    this.crashPoint = crashPoint;
    this.work = work;
  }

  /** Empty when the user has no password. */
  public Optional<Result> ensure(ApiUser user, ApiUserStatus status) {
    PasswordSpec spec = user.getSpec().getPassword();
    if (spec == null) {
      status.setPasswordHash(null);
      status.setPasswordSecretName(null);
      status.setPasswordSecretVersion(null);
      return Optional.empty();
    }
    return Optional.of(
        Boolean.TRUE.equals(spec.getGenerate())
            ? generated(user, spec, status)
            : supplied(user, spec, status));
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
    status.setPasswordSecretName(name);
    status.setPasswordSecretVersion(null);
    Optional<String> value =
        existing.flatMap(s -> SecretStore.value(s, KeywardNames.PASSWORD_DATA_KEY));
    if (value.isPresent()
        && status.getPasswordHash() != null
        && matches(existing.get(), value.get(), status.getPasswordHash())) {
      return Result.ok("PasswordReady", "the password is in Secret " + name);
    }
    if (value.isPresent() && SecretStore.writtenByKeyward(existing.get(), value.get())) {
      status.setPasswordHash(work.hash(value.get()));
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
    status.setPasswordHash(work.hash(password));
    return Result.ok("PasswordIssued", "generated a password into Secret " + name);
  }

  private Result supplied(ApiUser user, PasswordSpec spec, ApiUserStatus status) {
    String name = spec.getSecretRef().getName();
    String key =
        Optional.ofNullable(spec.getSecretRef().getKey()).orElse(KeywardNames.PASSWORD_DATA_KEY);
    status.setPasswordSecretName(null);
    Optional<Secret> secret = secrets.read(user.getMetadata().getNamespace(), name);
    if (secret.isEmpty()) {
      status.setPasswordHash(null);
      return Result.invalid(
          "PasswordSecretNotFound", "Secret " + name + " does not exist in this namespace");
    }
    Optional<String> value = SecretStore.value(secret.get(), key);
    if (value.isEmpty()) {
      status.setPasswordHash(null);
      return Result.invalid("PasswordKeyNotFound", "Secret " + name + " has no key " + key);
    }
    if (value.get().length() < MINIMUM_LENGTH) {
      status.setPasswordHash(null);
      return Result.invalid(
          "PasswordTooShort",
          "the password in Secret " + name + " is shorter than " + MINIMUM_LENGTH + " characters");
    }
    String version = secret.get().getMetadata().getResourceVersion();
    if (status.getPasswordHash() == null
        || !Objects.equals(version, status.getPasswordSecretVersion())) {
      status.setPasswordHash(work.hash(value.get()));
      status.setPasswordSecretVersion(version);
    }
    return Result.ok(
        "PasswordReady", "the password from Secret " + name + " is recorded as an Argon2id hash");
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
