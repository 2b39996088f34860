package dev.keyward.reconciler;

import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a token or Application start a reconcile: a spec change (new generation), a set,
 * changed or removed rotate/revoke/deprecate request annotation, deletion, or a finalizer change.
 * The reconciler's own status writes do not; time-driven changes come from its own rescheduling.
 */
public final class ReconcileTrigger<R extends HasMetadata> implements OnUpdateFilter<R> {

  private static final List<String> REQUESTS =
      List.of(
          KeywardNames.ROTATE_ANNOTATION,
          KeywardNames.ROTATE_GRACE_ANNOTATION,
          KeywardNames.REVOKE_ANNOTATION,
          KeywardNames.DEPRECATE_ANNOTATION);

  @Override
  public boolean accept(R updated, R previous) {
    ObjectMeta now = updated.getMetadata();
    ObjectMeta before = previous.getMetadata();
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp())
        || !Objects.equals(now.getFinalizers(), before.getFinalizers())
        || REQUESTS.stream()
            .anyMatch(name -> !Objects.equals(annotation(now, name), annotation(before, name)));
  }

  private static String annotation(ObjectMeta meta, String name) {
    Map<String, String> annotations = meta.getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
