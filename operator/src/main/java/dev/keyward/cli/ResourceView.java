package dev.keyward.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the plugin reads from a Keyward resource. Read as a generic resource, so that a plugin of
 * another version still shows what it knows and ignores what it does not.
 */
record ResourceView(KeywardKind kind, GenericKubernetesResource resource) {

  /** One condition as written by the operator. */
  record ConditionView(String type, String status, String reason, String message) {
    boolean isTrue() {
      return "True".equals(status);
    }
  }

  String name() {
    return resource.getMetadata().getName();
  }

  String namespace() {
    return resource.getMetadata().getNamespace();
  }

  Optional<String> phase() {
    return statusText("phase");
  }

  boolean active() {
    return phase().filter("Active"::equals).isPresent();
  }

  Optional<String> expiresAt() {
    return statusText("expiresAt");
  }

  /** When the verifier last saw the credential, if the operator records it. */
  Optional<String> lastUsedAt() {
    return statusText("lastUsedAt");
  }

  Optional<String> secretName() {
    return statusText("secretName");
  }

  /** The data key the Secret holds the key under ({@code spec.secret.key}, if set). */
  Optional<String> secretDataKey() {
    Object spec = resource.getAdditionalProperties().get("spec");
    return Optional.ofNullable(map(map(spec).get("secret")).get("key")).map(Object::toString);
  }

  List<ConditionView> conditions() {
    Object list = status().get("conditions");
    if (!(list instanceof List<?> items)) {
      return List.of();
    }
    return items.stream()
        .map(ResourceView::map)
        .map(
            c ->
                new ConditionView(
                    text(c.get("type")),
                    text(c.get("status")),
                    text(c.get("reason")),
                    text(c.get("message"))))
        .toList();
  }

  private Optional<String> statusText(String field) {
    return Optional.ofNullable(status().get(field)).map(Object::toString);
  }

  private Map<String, Object> status() {
    return map(resource.getAdditionalProperties().get("status"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
