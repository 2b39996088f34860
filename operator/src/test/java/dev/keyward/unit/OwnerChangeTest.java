package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserSpec;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.api.Condition;
import dev.keyward.reconciler.OwnerChange;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which updates of an ApiUser wake its tokens: never a write of its token count alone. */
class OwnerChangeTest {

  private final OwnerChange filter = new OwnerChange();

  private static ApiUser user() {
    ApiUser user = new ApiUser();
    user.setMetadata(
        new ObjectMetaBuilder()
            .withName("ann")
            .withNamespace("team")
            .withUid("u-1")
            .withGeneration(1L)
            .withResourceVersion("10")
            .build());
    user.setSpec(new ApiUserSpec());
    ApiUserStatus status = new ApiUserStatus();
    status.setTokenCount(1);
    status.setPhase("Active");
    status.setConditions(List.of(new Condition("UsernameHeld", "True", "UsernameHeld", "held")));
    user.setStatus(status);
    return user;
  }

  private boolean afterChange(Consumer<ApiUser> change) {
    ApiUser before = user();
    ApiUser after = Serialization.clone(before);
    after.getMetadata().setResourceVersion("11");
    change.accept(after);
    return filter.accept(after, before);
  }

  @Test
  void aWriteOfTheTokenCountAloneWakesNoToken() {
    assertThat(afterChange(u -> u.getStatus().setTokenCount(10_000))).isFalse();
  }

  @Test
  void aSpecChangeWakesTheTokens() {
    assertThat(afterChange(u -> u.getMetadata().setGeneration(2L))).isTrue();
  }

  @Test
  void deletionWakesTheTokens() {
    assertThat(afterChange(u -> u.getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z")))
        .isTrue();
  }

  @Test
  void losingTheUsernameWakesTheTokens() {
    assertThat(
            afterChange(
                u ->
                    u.getStatus()
                        .setConditions(
                            List.of(
                                new Condition("UsernameHeld", "False", "UsernameTaken", "taken")))))
        .isTrue();
  }
}
