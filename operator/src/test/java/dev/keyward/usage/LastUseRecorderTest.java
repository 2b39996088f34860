package dev.keyward.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LastUseRecorderTest {

  private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
  private final LastUseRecorder recorder = new LastUseRecorder(Duration.ofMinutes(5));
  private final Map<String, Instant> stored = new HashMap<>();

  private List<LastUse> takeDue() {
    List<LastUse> due = recorder.takeDue(u -> Optional.ofNullable(stored.get(u.key())));
    due.forEach(u -> stored.put(u.key(), u.at()));
    return due;
  }

  @Test
  void manyUsesOfOneCredentialBecomeOneWriteWithTheLatest() {
    for (int i = 0; i < 10_000; i++) {
      recorder.record(new LastUse("team", "ci", T0.plusMillis(i), "10.0.0." + (i % 7)));
    }
    recorder.record(new LastUse("team", "other", T0, "10.0.0.9"));

    List<LastUse> due = takeDue();

    assertThat(due).hasSize(2);
    assertThat(due)
        .filteredOn(u -> u.name().equals("ci"))
        .singleElement()
        .satisfies(u -> assertThat(u.at()).isEqualTo(T0.plusMillis(9_999)))
        .satisfies(u -> assertThat(u.client()).isEqualTo("10.0.0." + (9_999 % 7)));
  }

  @Test
  void noSecondWriteWithinTheInterval() {
    recorder.record(new LastUse("team", "ci", T0, "10.0.0.1"));
    assertThat(takeDue()).hasSize(1);

    int writes = 0;
    for (int second = 1; second < 300; second++) {
      recorder.record(new LastUse("team", "ci", T0.plusSeconds(second), "10.0.0.1"));
      writes += takeDue().size();
    }
    recorder.record(new LastUse("team", "ci", T0.plusSeconds(300), "10.0.0.1"));
    List<LastUse> afterInterval = takeDue();

    assertThat(writes).isZero();
    assertThat(afterInterval)
        .singleElement()
        .satisfies(u -> assertThat(u.at()).isEqualTo(T0.plusSeconds(300)));
  }

  @Test
  void aUseRecordedByAnotherReplicaIsNotWrittenAgain() {
    stored.put("team/ci", T0.plusSeconds(10));
    recorder.record(new LastUse("team", "ci", T0.plusSeconds(20), "10.0.0.1"));

    assertThat(takeDue()).isEmpty();
  }

  @Test
  void aUseIsWantedOnlyOnceTheRecordedOneIsAnIntervalOld() {
    assertThat(recorder.wants(null, T0)).isTrue();
    assertThat(recorder.wants(T0, T0.plusSeconds(299))).isFalse();
    assertThat(recorder.wants(T0, T0.plusSeconds(300))).isTrue();
  }
}
