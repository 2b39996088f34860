package dev.keyward.delivery;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.AccessGrantSource;
import dev.keyward.api.AccessGrantSpec;
import java.util.Collection;
import java.util.List;

/**
 * Whether a namespace consents to receive a copy of a source's Secret: one of its AccessGrants
 * lists kind Secret and names the source's namespace, and either names the source itself
 * (application or apiToken, matching its kind) or no resource at all.
 */
public final class DeliveryConsent {

  private DeliveryConsent() {}

  public static boolean admits(
      Collection<AccessGrant> grants, String kind, String namespace, String name) {
    return grants.stream()
        .map(AccessGrant::getSpec)
        .filter(spec -> spec != null && spec.kindsOrDefault().contains(AccessGrantSpec.SECRET))
        .flatMap(spec -> orEmpty(spec.getFrom()).stream())
        .anyMatch(source -> admits(source, kind, namespace, name));
  }

  static boolean admits(AccessGrantSource source, String kind, String namespace, String name) {
    if (!namespace.equals(source.getNamespace())) {
      return false;
    }
    String application = source.getApplication();
    String apiToken = source.getApiToken();
    if (application == null && apiToken == null) {
      return true;
    }
    return switch (kind) {
      case "Application" -> apiToken == null && name.equals(application);
      case "ApiToken" -> application == null && name.equals(apiToken);
      default -> false;
    };
  }

  /** What the missing grant would look like, for the condition that asks for it. */
  public static String missingGrant(String target, String kind, String namespace, String name) {
    String field = "Application".equals(kind) ? "application" : "apiToken";
    return "no AccessGrant in namespace "
        + target
        + " admits kind Secret from "
        + kind
        + " "
        + namespace
        + "/"
        + name
        + " (its namespace admin consents with kinds: [Secret], from: [{namespace: "
        + namespace
        + ", "
        + field
        + ": "
        + name
        + "}])";
  }

  private static <T> List<T> orEmpty(List<T> values) {
    return values == null ? List.of() : values;
  }
}
