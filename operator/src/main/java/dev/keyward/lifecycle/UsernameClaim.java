package dev.keyward.lifecycle;

import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Who holds a username: usernames are unique in their namespace. Not in the cluster: there, any
 * tenant could claim another team's username first and be that person to every backend that trusts
 * the bare name. A namespace is granted through RBAC, so {@code <namespace>/<username>} (the {@code
 * X-Keyward-Subject} header) names one person that no other tenant can squat. Among ApiUsers of one
 * namespace claiming the same username, the one the operator already confirmed as holder keeps it
 * (condition {@code UsernameHeld=True}); otherwise the oldest (creation time, then uid) wins, so a
 * newcomer created within the same second never takes a name over. Every other claimant is refused.
 * The operator and the verifier apply the same rule to the same cache, so they agree without
 * talking.
 */
public final class UsernameClaim {

  /** The condition type by which the operator confirms (True) or refuses (False) a holder. */
  public static final String CONDITION = "UsernameHeld";

  /** Confirmed holder first, then oldest; the uid breaks ties of creation seconds. */
  static final Comparator<ApiUser> OLDEST_FIRST =
      Comparator.comparing((ApiUser u) -> !confirmed(u))
          .thenComparing(UsernameClaim::createdAt)
          .thenComparing(u -> u.getMetadata().getUid(), Comparator.nullsLast(String::compareTo));

  private UsernameClaim() {}

  /** The key under which claimants of one username are found: namespace and username. */
  public static String key(ApiUser user) {
    return key(user.getMetadata().getNamespace(), KeywardNames.username(user));
  }

  public static String key(String namespace, String username) {
    return namespace + "/" + username;
  }

  /** The holder among ApiUsers that claim one username. */
  public static Optional<ApiUser> holder(Collection<ApiUser> claimants) {
    return claimants.stream().min(OLDEST_FIRST);
  }

  /** True when {@code user} holds its username among {@code claimants} (which include it). */
  public static boolean holds(ApiUser user, Collection<ApiUser> claimants) {
    return holder(claimants)
        .map(h -> h.getMetadata().getUid().equals(user.getMetadata().getUid()))
        .orElse(false);
  }

  private static boolean confirmed(ApiUser user) {
    return hasCondition(user, "True");
  }

  /** True when the operator found the user's username held by another ApiUser. */
  public static boolean refused(ApiUser user) {
    return hasCondition(user, "False");
  }

  private static boolean hasCondition(ApiUser user, String value) {
    return user.getStatus() != null
        && user.getStatus().getConditions().stream()
            .anyMatch(c -> CONDITION.equals(c.getType()) && value.equals(c.getStatus()));
  }

  private static Instant createdAt(ApiUser user) {
    String created = user.getMetadata().getCreationTimestamp();
    return created == null ? Instant.MAX : Instant.parse(created);
  }
}
