package dev.keyward.verify;

import dev.keyward.api.ApiUser;
import dev.keyward.credential.PasswordHasher;
import dev.keyward.credential.PasswordWork;
import dev.keyward.rolemap.RoleMapSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Checks an ApiUser's password against its Argon2id record. Each check takes ~19 MiB for tens of
 * milliseconds, so checks run within the process's {@link PasswordWork} budget, and only a bounded
 * number of logins may wait for it: past that, a login is answered "busy" at once, never queued
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
  private final PasswordWork work;
  private final int maxPending;
  private final Duration waitForPermit;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger peakPending = new AtomicInteger();

  /**
   * {@code users} finds the ApiUser that holds a username in a namespace; {@code hashes} finds the
   * Argon2id record of its password; at most {@code maxPending} logins wait for or run a check at
   * once, each waiting at most {@code waitForPermit}.
   */
  public PasswordLogin(
      BiFunction<String, String, Optional<ApiUser>> users,
      Function<ApiUser, Optional<String>> hashes,
      RoleMapSource roleMap,
      PasswordWork work,
      int maxPending,
      Duration waitForPermit) {
    this.users = users;
    this.hashes = hashes;
    this.roleMap = roleMap;
    this.work = work;
    this.maxPending = maxPending;
    this.waitForPermit = waitForPermit;
  }

  /**
   * Admits the login and checks it on a worker thread; when {@code maxPending} logins are already
   * admitted, answers {@link Busy} at once without queueing anything. Call from the event loop.
   */
  public Future<Outcome> submit(
      Vertx vertx, String namespace, String username, String password, Set<String> scopes) {
    int now = pending.incrementAndGet();
    if (now > maxPending) {
      pending.decrementAndGet();
      return Future.succeededFuture(new Busy());
    }
    peakPending.accumulateAndGet(now, Math::max);
    return vertx.executeBlocking(
        () -> {
          try {
            return login(namespace, username, password, scopes);
          } finally {
            pending.decrementAndGet();
          }
        },
        false);
  }

  /** Blocking: call from a worker thread. */
  public Outcome login(
      String namespace, String username, String password, Set<String> requestedScopes)
      throws InterruptedException {
    Optional<ApiUser> user = users.apply(namespace, username);
    String hash =
        user.filter(u -> u.getSpec().enabledOrDefault())
            .filter(u -> u.getSpec().getPassword() != null)
            .flatMap(hashes)
            .orElse(null);
    Optional<Boolean> checked =
        work.tryRun(
            waitForPermit, () -> PasswordHasher.verify(password, hash == null ? DUMMY_HASH : hash));
    if (checked.isEmpty()) {
      return new Busy();
    }
    if (!checked.get() || hash == null) {
      return new Refused();
    }
    return grant(user.get(), requestedScopes);
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

  /** The most password checks ever seen running at once (in this login's budget). */
  public int peakConcurrency() {
    return work.peakConcurrency();
  }

  /** The most logins ever seen admitted at once. */
  public int peakPending() {
    return peakPending.get();
  }

  public int maxPending() {
    return maxPending;
  }
}
