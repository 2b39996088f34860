package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.KeyHash;
import dev.keyward.api.KeywardNames;
import dev.keyward.lifecycle.OwnerBinding;
import dev.keyward.lifecycle.SuppliedPassword;
import dev.keyward.lifecycle.UsernameClaim;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules behind identities: username holder, owner binding by uid, password consent. */
class IdentityRulesTest {

  private static ApiUser user(String namespace, String name, String uid, String created) {
    ApiUser user = new ApiUser();
    user.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid(uid)
            .withCreationTimestamp(created)
            .build());
    return user;
  }

  @Test
  void theOldestClaimantHoldsAUsernameAndTheUidBreaksTies() {
    ApiUser first = user("team-a", "ann", "b-uid", "2026-01-01T10:00:00Z");
    ApiUser later = user("team-b", "ann", "a-uid", "2026-01-01T10:00:05Z");
    ApiUser sameSecond = user("team-c", "ann", "c-uid", "2026-01-01T10:00:00Z");

    assertThat(UsernameClaim.holder(List.of(later, sameSecond, first))).containsSame(first);
    assertThat(UsernameClaim.holds(first, List.of(first, later, sameSecond))).isTrue();
    assertThat(UsernameClaim.holds(later, List.of(first, later))).isFalse();
    assertThat(UsernameClaim.holds(sameSecond, List.of(first, sameSecond))).isFalse();
    assertThat(UsernameClaim.holds(later, List.of(later))).isTrue();
  }

  private static ApiToken token(String rotate) {
    ApiToken token = new ApiToken();
    token.setMetadata(
        new ObjectMetaBuilder()
            .withName("t")
            .withAnnotations(
                rotate == null ? Map.of() : Map.of(KeywardNames.ROTATE_ANNOTATION, rotate))
            .build());
    return token;
  }

  private static ApiTokenStatus keyedStatus(String owner, String lastRotation) {
    ApiTokenStatus status = new ApiTokenStatus();
    status.setOwner(owner);
    status.setKey(new KeyHash());
    status.setLastRotationRequest(lastRotation);
    return status;
  }

  @Test
  void aTokenWithAKeyIsNotInheritedByAReCreatedOwnerUntilARotationRebindsIt() {
    ApiUser recreated = user("ns", "ann", "new-uid", "2026-01-01T10:00:00Z");

    assertThat(OwnerBinding.judge(token(null), keyedStatus("old-uid", null), recreated))
        .isEqualTo(OwnerBinding.REPLACED);
    assertThat(OwnerBinding.judge(token("1"), keyedStatus("old-uid", "1"), recreated))
        .as("an old rotation request does not rebind")
        .isEqualTo(OwnerBinding.REPLACED);
    assertThat(OwnerBinding.judge(token("2"), keyedStatus("old-uid", "1"), recreated))
        .isEqualTo(OwnerBinding.REBOUND);
    assertThat(OwnerBinding.judge(token(null), keyedStatus("new-uid", null), recreated))
        .isEqualTo(OwnerBinding.BOUND);
    ApiTokenStatus noKey = new ApiTokenStatus();
    noKey.setOwner("old-uid");
    assertThat(OwnerBinding.judge(token(null), noKey, recreated))
        .as("without a key there is nothing to inherit")
        .isEqualTo(OwnerBinding.BOUND);
  }

  @Test
  void aSuppliedPasswordSecretCountsOnlyWhenItNamesTheUser() {
    ApiUser ann = user("ns", "ann", "u", "2026-01-01T10:00:00Z");
    Secret forAnn = secret(Map.of(KeywardNames.PASSWORD_FOR_ANNOTATION, "ann"));
    Secret forBob = secret(Map.of(KeywardNames.PASSWORD_FOR_ANNOTATION, "bob"));
    Secret plain = secret(null);

    assertThat(SuppliedPassword.optedIn(forAnn, ann)).isTrue();
    assertThat(SuppliedPassword.optedIn(forBob, ann)).isFalse();
    assertThat(SuppliedPassword.optedIn(plain, ann)).isFalse();
    assertThat(SuppliedPassword.unusable("db", "password", ann))
        .contains("keyward.dev/password-for: ann")
        .contains("Secret db");
  }

  private static Secret secret(Map<String, String> annotations) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("s")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
