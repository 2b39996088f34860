package dev.keyward.verify;

import dev.keyward.api.ApiUser;
import dev.keyward.credential.PasswordHasher;
import dev.keyward.rolemap.RoleMapSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Checks an ApiUser's password against its Argon2id record. Each check takes ~19 MiB for tens of
 * milliseconds, so only a bounded number run at once; the rest are turned away, never queued
 * without limit. Unknown users cost the same as known ones, so timing does not reveal them.
 */
public final class PasswordLogin {

  /** What a login attempt came to. */
  public sealed interface Outcome permits Success, Refused, InvalidScope, Busy {}

  /** The password was right: the identity and the scopes granted. */
  public record Success(Identity identity, List<String> scopes) implements Outcome {}

  /** Unknown user, wrong password, no password, or a disabled user: one answer for all. */
  public record Refused() implements Outcome {}

  /** The scopes asked for lie outside the user's ceiling. */
  public record InvalidScope(List<String> notAllowed) implements Outcome {}

  /** Too many password checks are running; try again shortly. */
  public record Busy() implements Outcome {}

  /** A valid hash of a random password: unknown users are checked against it. */
  private static final String DUMMY_HASH =
      PasswordHasher.hash("keyward-dummy-" + System.nanoTime());

  private final BiFunction<String, String, Optional<ApiUser>> users;
  private final Function<ApiUser, Optional<String>> hashes;
  private final RoleMapSource roleMap;
  private final Semaphore permits;
  private final Duration waitForPermit;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  /**
   * {@code users} finds the ApiUser that holds a username in a namespace; {@code hashes} finds the
   * Argon2id record of its password.
   */
  public PasswordLogin(
      BiFunction<String, String, Optional<ApiUser>> users,
      Function<ApiUser, Optional<String>> hashes,
      RoleMapSource roleMap,
      int maxConcurrent,
      Duration waitForPermit) {
    this.users = users;
    this.hashes = hashes;
    this.roleMap = roleMap;
    this.permits = new Semaphore(maxConcurrent, true);
    this.waitForPermit = waitForPermit;
  }

  /** Blocking: call from a worker thread. */
  public Outcome login(
      String namespace, String username, String password, Set<String> requestedScopes)
      throws InterruptedException {
    if (!permits.tryAcquire(waitForPermit.toMillis(), TimeUnit.MILLISECONDS)) {
      return new Busy();
    }
    try {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      Optional<ApiUser> user = users.apply(namespace, username);
      String hash =
          user.filter(u -> u.getSpec().enabledOrDefault())
              .filter(u -> u.getSpec().getPassword() != null)
              .flatMap(hashes)
              .orElse(null);
      boolean ok =
          PasswordHasher.verify(password, hash == null ? DUMMY_HASH : hash) && hash != null;
      if (!ok) {
        return new Refused();
      }
      return grant(user.get(), requestedScopes);
    } finally {
      running.decrementAndGet();
      permits.release();
    }
  }

  private Outcome grant(ApiUser user, Set<String> requested) {
    Set<String> ceiling =
        roleMap
            .current()
            .ceiling(
                user.getMetadata().getNamespace(),
                // The verifier reads no namespaces: a role or group restricted by a label
                // selector gives nothing here (fail closed); a namespaces list applies as usual.
                Map.of(),
                user.getSpec().getRoles(),
                user.getSpec().getGroups());
    List<String> notAllowed =
        requested.stream().filter(s -> !ceiling.contains(s)).sorted().toList();
    if (!notAllowed.isEmpty()) {
      return new InvalidScope(notAllowed);
    }
    List<String> scopes = (requested.isEmpty() ? ceiling : requested).stream().sorted().toList();
    Identity identity =
        Identity.ofUser(
            user,
            "ApiUser",
            user.getMetadata().getName(),
            user.getMetadata().getUid(),
            scopes,
            null,
            null);
    return new Success(identity, scopes);
  }

  /** The most password checks ever seen running at once. */
  public int peakConcurrency() {
    return peak.get();
  }
}
