package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordRecordLabelsTest {

  private static ApiUser user(String namespace, String name, String uid) {
    ApiUser user = new ApiUser();
    user.getMetadata().setNamespace(namespace);
    user.getMetadata().setName(name);
    user.getMetadata().setUid(uid);
    return user;
  }

  private static Secret record(Map<String, String> labels) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("kwpw-u1")
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  @Test
  void recordIsNamedFromTheUidAndLabelledWithTheUsersIdentity() {
    ApiUser ann = user("team-a", "ann", "0b9c6a52-5b0e-4e53-9b3c-1c2d3e4f5a6b");

    assertThat(KeywardNames.passwordRecordSecretName(ann))
        .isEqualTo("kwpw-0b9c6a52-5b0e-4e53-9b3c-1c2d3e4f5a6b");
    assertThat(KeywardNames.passwordRecordLabels(ann))
        .containsEntry(KeywardNames.PASSWORD_RECORD_LABEL, "true")
        .containsEntry(KeywardNames.APIUSER_UID_LABEL, "0b9c6a52-5b0e-4e53-9b3c-1c2d3e4f5a6b")
        .containsEntry(KeywardNames.APIUSER_NAMESPACE_LABEL, "team-a")
        .containsEntry(KeywardNames.APIUSER_NAME_LABEL, "ann");
  }

  @Test
  void aNameTooLongForALabelValueIsLeftOutAndTheUidStillDecides() {
    ApiUser longName = user("team-a", "a".repeat(64), "u1");

    assertThat(KeywardNames.passwordRecordLabels(longName))
        .doesNotContainKey(KeywardNames.APIUSER_NAME_LABEL)
        .containsEntry(KeywardNames.APIUSER_UID_LABEL, "u1");
  }

  @Test
  void onlyARecordLabelledWithTheUsersUidIsItsRecord() {
    ApiUser ann = user("team-a", "ann", "u1");
    ApiUser sameNameLater = user("team-a", "ann", "u2");
    Secret labelled = record(KeywardNames.passwordRecordLabels(ann));

    assertThat(KeywardNames.isPasswordRecordOf(labelled, ann)).isTrue();
    assertThat(KeywardNames.isPasswordRecordOf(labelled, sameNameLater)).isFalse();
    assertThat(
            KeywardNames.isPasswordRecordOf(
                record(Map.of(KeywardNames.APIUSER_UID_LABEL, "u1")), ann))
        .as("not marked as a password record")
        .isFalse();
    assertThat(KeywardNames.isPasswordRecordOf(record(null), ann)).isFalse();
  }
}
