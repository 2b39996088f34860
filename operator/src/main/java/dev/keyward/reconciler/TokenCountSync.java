package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes up the ApiUsers whose {@code status.tokenCount} differs from the number of tokens that name
 * them ({@link TokenOwners}), at most once per interval: a thousand tokens created in a burst cost
 * their owner one status write per interval, not one per token. Checking every cached user is a map
 * lookup each.
 */
final class TokenCountSync extends AbstractEventSource<Void, ApiUser> {

  private static final Logger log = LoggerFactory.getLogger(TokenCountSync.class);

  private final TokenOwners owners;
  private final Cache<ApiUser> users;
  private final Duration interval;
  private ScheduledExecutorService timer;

  TokenCountSync(TokenOwners owners, Cache<ApiUser> users, Duration interval) {
    super(Void.class, "apiuser-token-count");
    this.owners = owners;
    this.users = users;
    this.interval = interval;
  }

  @Override
  public void start() throws OperatorException {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "apiuser-token-count");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(interval.toMillis(), 10);
    timer.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  public void stop() throws OperatorException {
    if (timer != null) {
      timer.shutdownNow();
    }
    super.stop();
  }

  @Override
  public Set<Void> getSecondaryResources(ApiUser primary) {
    return Set.of();
  }

  void check() {
    try {
      users
          .list()
          .filter(
              user ->
                  owners
                      .count(user)
                      .map(
                          count ->
                              user.getStatus() != null
                                  && !Objects.equals(count, user.getStatus().getTokenCount()))
                      .orElse(false))
          .map(ResourceID::fromResource)
          .forEach(id -> getEventHandler().handleEvent(new Event(id)));
    } catch (RuntimeException e) {
      log.debug("token count check failed; trying again next time: {}", e.toString());
    }
  }
}
