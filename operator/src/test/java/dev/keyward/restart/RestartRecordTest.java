package dev.keyward.restart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestartRecordTest {

  private static final String KEY_A = "a".repeat(64);
  private static final String KEY_B = "b".repeat(64);

  @Test
  void aWorkloadWithoutTheAnnotationWasRestartedForNoKey() {
    assertThat(RestartRecord.parse(null).covers("app-key", KEY_A)).isFalse();
    assertThat(RestartRecord.parse(null).format()).isEmpty();
  }

  @Test
  void aRecordedKeyIsCoveredAndAnotherKeyOfTheSameSecretIsNot() {
    RestartRecord record = RestartRecord.parse(null).with("app-key", KEY_A);
    assertThat(record.format()).isEqualTo("app-key=aaaaaaaaaaaa");
    assertThat(RestartRecord.parse(record.format()).covers("app-key", KEY_A)).isTrue();
    assertThat(RestartRecord.parse(record.format()).covers("app-key", KEY_B)).isFalse();
    assertThat(RestartRecord.parse(record.format()).covers("other", KEY_A)).isFalse();
  }

  @Test
  void eachSecretKeepsItsOwnEntryInNameOrder() {
    RestartRecord record = RestartRecord.parse("b-key=bbbbbbbbbbbb").with("a-key", KEY_A);
    assertThat(record.format()).isEqualTo("a-key=aaaaaaaaaaaa,b-key=bbbbbbbbbbbb");
    assertThat(record.with("b-key", KEY_A).format())
        .isEqualTo("a-key=aaaaaaaaaaaa,b-key=aaaaaaaaaaaa");
  }

  @Test
  void garbageInTheAnnotationIsIgnored() {
    RestartRecord record = RestartRecord.parse("=x,nokey,app-key=,ok= aaaaaaaaaaaa ");
    assertThat(record.covers("ok", KEY_A)).isTrue();
    assertThat(record.format()).isEqualTo("ok=aaaaaaaaaaaa");
  }
}
