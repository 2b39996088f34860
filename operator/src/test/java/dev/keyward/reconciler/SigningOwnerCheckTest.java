package dev.keyward.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.event.Reason;
import dev.keyward.reconciler.SigningOwnerCheck.Owner;
import dev.keyward.status.Phase;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a SigningCredential's owner lets it hold a key, decided without a cluster. */
class SigningOwnerCheckTest {

  private static final Owner USER = new Owner("ApiUser", "alice", "uid-1", true, null);
  private static final Owner APP = new Owner("Application", "pipeline", "uid-2", true, "uid-2");

  @Test
  void aMissingOwnerWaitsInPending() {
    var blocked = SigningOwnerCheck.check("ApiUser alice", Optional.empty(), null, false);

    assertThat(blocked).isPresent();
    assertThat(blocked.get().phase()).isEqualTo(Phase.Pending);
    assertThat(blocked.get().reason()).isEqualTo(Reason.OwnerMissing);
    assertThat(blocked.get().message()).contains("ApiUser alice does not exist in this namespace");
  }

  @Test
  void anApplicationWithoutItsAppIdWaitsInPending() {
    Owner noId = new Owner("Application", "pipeline", "uid-2", true, null);

    var blocked = SigningOwnerCheck.check("Application pipeline", Optional.of(noId), null, false);

    assertThat(blocked.map(SigningOwnerCheck.Blocked::phase)).hasValue(Phase.Pending);
    assertThat(blocked.get().message()).contains("has no appId yet");
  }

  @Test
  void theOwnerItWasBoundToOrAFirstOwnerLetsItHoldAKey() {
    assertThat(SigningOwnerCheck.check("ApiUser alice", Optional.of(USER), null, false)).isEmpty();
    assertThat(SigningOwnerCheck.check("ApiUser alice", Optional.of(USER), "uid-1", false))
        .isEmpty();
    assertThat(SigningOwnerCheck.check("Application pipeline", Optional.of(APP), "uid-2", false))
        .isEmpty();
  }

  @Test
  void aReCreatedOwnerIsBoundOnlyByANewRotationRequest() {
    var refused = SigningOwnerCheck.check("ApiUser alice", Optional.of(USER), "uid-old", false);

    assertThat(refused.map(SigningOwnerCheck.Blocked::phase)).hasValue(Phase.Invalid);
    assertThat(refused.map(SigningOwnerCheck.Blocked::reason)).hasValue(Reason.OwnerReplaced);
    assertThat(SigningOwnerCheck.check("ApiUser alice", Optional.of(USER), "uid-old", true))
        .isEmpty();
  }
}
