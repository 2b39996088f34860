package dev.keyward.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON merge patches of metadata and spec: no read-modify-write, no conflict with the operator. */
final class Patches {

  private Patches() {}

  /** Sets the annotations; a null value removes one. */
  static void annotate(ClusterOptions cluster, ResourceRef ref, Map<String, String> annotations) {
    cluster.get(ref);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("annotations", annotations);
    apply(cluster, ref, Map.of("metadata", metadata));
  }

  static void setEnabled(ClusterOptions cluster, ResourceRef ref, boolean enabled) {
    cluster.get(ref);
    apply(cluster, ref, Map.of("spec", Map.of("enabled", enabled)));
  }

  private static void apply(ClusterOptions cluster, ResourceRef ref, Map<String, Object> patch) {
    try {
      cluster
          .resource(ref)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              KeywardCommand.mapper().writeValueAsString(patch));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
