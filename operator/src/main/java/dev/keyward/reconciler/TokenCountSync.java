package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import dev.keyward.sweep.PeriodicSweep;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.time.Duration;
import java.util.Objects;

/**
 * Wakes up the ApiUsers whose {@code status.tokenCount} differs from the number of tokens that name
 * them ({@link TokenOwners}), at most once per interval: a thousand tokens created in a burst cost
 * their owner one status write per interval, not one per token. Checking every cached user is a map
 * lookup each.
 */
final class TokenCountSync extends PeriodicSweep<ApiUser> {

  private final TokenOwners owners;
  private final Cache<ApiUser> users;

  TokenCountSync(TokenOwners owners, Cache<ApiUser> users, Duration interval) {
    super("apiuser-token-count", "apiuser-token-count", interval);
    this.owners = owners;
    this.users = users;
  }

  @Override
  protected void sweepOnce() {
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
  }
}
