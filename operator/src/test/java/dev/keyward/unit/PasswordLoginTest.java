package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserSpec;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.api.PasswordSpec;
import dev.keyward.credential.PasswordHasher;
import dev.keyward.credential.PasswordWork;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.verify.PasswordLogin;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordLoginTest {

  private static final String PASSWORD = "a long enough password";
  private static final String HASH = PasswordHasher.hash(PASSWORD);
  private static final RoleMapSource ROLES =
      RoleMapSource.of(
          new RoleMap(
              Map.of("runner", new RoleMap.Role(List.of("runners.read", "runners.run"), null)),
              Map.of()));

  private static ApiUser user(String name, boolean enabled) {
    ApiUser user = new ApiUser();
    user.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid("uid-" + name).build());
    ApiUserSpec spec = new ApiUserSpec();
    spec.setRoles(List.of("runner"));
    spec.setEnabled(enabled);
    user.setSpec(spec);
    PasswordSpec password = new PasswordSpec();
    password.setGenerate(true);
    spec.setPassword(password);
    user.setStatus(new ApiUserStatus());
    return user;
  }

  private static final Map<String, ApiUser> USERS =
      Map.of("ns/ann", user("ann", true), "ns/off", user("off", false));

  private static PasswordLogin login(int maxConcurrent, Duration wait) {
    return login(new PasswordWork(maxConcurrent), 1000, wait);
  }

  private static PasswordLogin login(PasswordWork work, int maxPending, Duration wait) {
    return new PasswordLogin(
        (ns, name) -> Optional.ofNullable(USERS.get(ns + "/" + name)),
        u -> Optional.of(HASH),
        ROLES,
        work,
        maxPending,
        wait);
  }

  @Test
  void rightPasswordGrantsTheUsersCeilingOrTheScopesAskedFor() throws Exception {
    PasswordLogin login = login(2, Duration.ofSeconds(5));

    var all = (PasswordLogin.Success) login.login("ns", "ann", PASSWORD, Set.of());
    var some = (PasswordLogin.Success) login.login("ns", "ann", PASSWORD, Set.of("runners.read"));

    assertThat(all.scopes()).containsExactly("runners.read", "runners.run");
    assertThat(some.scopes()).containsExactly("runners.read");
    assertThat(all.identity().username()).isEqualTo("ann");
  }

  @Test
  void wrongPasswordUnknownUserAndDisabledUserGetTheSameRefusal() throws Exception {
    PasswordLogin login = login(2, Duration.ofSeconds(5));

    assertThat(login.login("ns", "ann", "wrong password!!", Set.of()))
        .isInstanceOf(PasswordLogin.Refused.class);
    assertThat(login.login("ns", "nobody", PASSWORD, Set.of()))
        .isInstanceOf(PasswordLogin.Refused.class);
    assertThat(login.login("ns", "off", PASSWORD, Set.of()))
        .isInstanceOf(PasswordLogin.Refused.class);
  }

  @Test
  void scopesBeyondTheCeilingAreRefused() throws Exception {
    var outcome =
        login(2, Duration.ofSeconds(5))
            .login("ns", "ann", PASSWORD, Set.of("runners.read", "admin"));

    assertThat(outcome).isEqualTo(new PasswordLogin.InvalidScope(List.of("admin")));
  }

  @Test
  void aLoginFloodRunsAtMostTheBoundOfArgon2ChecksAtOnceAndTurnsTheRestAway() throws Exception {
    PasswordLogin login = login(2, Duration.ZERO);
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Callable<PasswordLogin.Outcome>> attempts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      attempts.add(() -> login.login("ns", "ann", PASSWORD, Set.of()));
    }
    List<PasswordLogin.Outcome> outcomes = new ArrayList<>();
    try {
      for (Future<PasswordLogin.Outcome> f : pool.invokeAll(attempts)) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(login.peakConcurrency()).isBetween(1, 2);
    assertThat(outcomes).hasAtLeastOneElementOfType(PasswordLogin.Success.class);
    assertThat(outcomes).hasAtLeastOneElementOfType(PasswordLogin.Busy.class);
  }

  @Test
  void fiveHundredConcurrentLoginsLeaveAtMostTheConfiguredNumberPendingAndTheRestBusyAtOnce()
      throws Exception {
    PasswordWork work = new PasswordWork(2);
    int maxPending = 8;
    PasswordLogin login = login(work, maxPending, Duration.ofSeconds(30));
    Vertx vertx = Vertx.vertx();
    try {
      List<io.vertx.core.Future<PasswordLogin.Outcome>> outcomes =
          new java.util.concurrent.CopyOnWriteArrayList<>();
      // Submitted from the event loop, as the HTTP endpoint does: nothing may queue beyond the
      // bound.
      vertx.runOnContext(
          v -> {
            for (int i = 0; i < 500; i++) {
              outcomes.add(login.submit(vertx, "ns", "ann", PASSWORD, Set.of()));
            }
          });
      org.awaitility.Awaitility.await()
          .atMost(2, TimeUnit.MINUTES)
          .until(() -> outcomes.size() == 500 && outcomes.stream().allMatch(f -> f.isComplete()));

      long busy = outcomes.stream().filter(f -> f.result() instanceof PasswordLogin.Busy).count();
      long success =
          outcomes.stream().filter(f -> f.result() instanceof PasswordLogin.Success).count();
      assertThat(login.peakPending()).isBetween(1, maxPending);
      // Heap taken by Argon2id at the worst moment: the permits times 19 MiB, never one per login.
      assertThat(work.peakConcurrency()).isBetween(1, 2);
      assertThat(success).isBetween(1L, (long) maxPending);
      assertThat(busy).isEqualTo(500 - success);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void permitsFollowTheHeapAsWellAsTheCpus() {
    long mib = 1024L * 1024;

    assertThat(PasswordWork.permitsFor(384 * mib, 64)).isEqualTo(5);
    assertThat(PasswordWork.permitsFor(256 * mib, 64)).isEqualTo(3);
    assertThat(PasswordWork.permitsFor(8192 * mib, 4)).isEqualTo(4);
    assertThat(PasswordWork.permitsFor(32 * mib, 8)).isEqualTo(1);
  }
}
