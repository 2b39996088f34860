package dev.keyward.rolemap;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.function.Function;

/**
 * The labels of a namespace, for role-map entries restricted by a label selector. Asked only when
 * an entry in play has a selector; a namespace that cannot be read has no labels, so such an entry
 * then gives nothing (fail closed).
 */
public interface NamespaceLabels extends Function<String, Map<String, String>> {

  static NamespaceLabels fromApiServer(KubernetesClient client) {
    return name -> {
      Namespace namespace = client.namespaces().withName(name).get();
      return namespace == null || namespace.getMetadata().getLabels() == null
          ? Map.of()
          : namespace.getMetadata().getLabels();
    };
  }
}
