package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.reconciler.ReconcileTrigger;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which updates of a token start a reconcile, and that a status write alone does not. */
class ReconcileTriggerTest {

  private final ReconcileTrigger<ApiToken> trigger = new ReconcileTrigger<>();

  private static ApiToken token() {
    ApiToken token = new ApiToken();
    token.setMetadata(
        new ObjectMetaBuilder()
            .withName("ci")
            .withNamespace("team")
            .withGeneration(1L)
            .withResourceVersion("10")
            .withAnnotations(Map.of("keyward.dev/rotate", "1", "note", "a"))
            .withLabels(Map.of("team", "a"))
            .build());
    return token;
  }

  private boolean afterChange(Consumer<ApiToken> change) {
    ApiToken before = token();
    ApiToken after = Serialization.clone(before);
    after.getMetadata().setResourceVersion("11");
    change.accept(after);
    return trigger.accept(after, before);
  }

  @Test
  void aStatusWriteAloneDoesNotStartAReconcile() {
    assertThat(
            afterChange(
                t -> {
                  ApiTokenStatus status = new ApiTokenStatus();
                  status.setPhase("Active");
                  t.setStatus(status);
                }))
        .isFalse();
  }

  @Test
  void otherLabelsAndAnnotationsDoNotStartAReconcile() {
    assertThat(afterChange(t -> t.getMetadata().setLabels(Map.of("team", "b")))).isFalse();
    assertThat(
            afterChange(
                t ->
                    t.getMetadata().setAnnotations(Map.of("keyward.dev/rotate", "1", "note", "b"))))
        .isFalse();
  }

  @Test
  void aSpecChangeStartsAReconcile() {
    assertThat(afterChange(t -> t.getMetadata().setGeneration(2L))).isTrue();
  }

  @Test
  void settingChangingOrRemovingARequestAnnotationStartsAReconcile() {
    assertThat(afterChange(t -> t.getMetadata().getAnnotations().put("keyward.dev/rotate", "2")))
        .isTrue();
    assertThat(afterChange(t -> t.getMetadata().getAnnotations().remove("keyward.dev/rotate")))
        .isTrue();
    assertThat(afterChange(t -> t.getMetadata().getAnnotations().put("keyward.dev/revoke", "1")))
        .isTrue();
    assertThat(afterChange(t -> t.getMetadata().getAnnotations().put("keyward.dev/deprecate", "1")))
        .isTrue();
    assertThat(
            afterChange(
                t -> t.getMetadata().getAnnotations().put("keyward.dev/rotate-grace", "1h")))
        .isTrue();
  }

  @Test
  void deletionAndFinalizerChangesStartAReconcile() {
    assertThat(afterChange(t -> t.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z")))
        .isTrue();
    assertThat(afterChange(t -> t.getMetadata().setFinalizers(List.of("keyward.dev/rolebindings"))))
        .isTrue();
  }
}
