package dev.keyward.cli;

import dev.keyward.api.KeywardResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Locale;

/** The three Keyward kinds, with the names people type for them. */
enum KeywardKind {
  USER("ApiUser", "apiusers", List.of("apiuser", "apiusers", "user", "users", "kwuser")),
  TOKEN("ApiToken", "apitokens", List.of("apitoken", "apitokens", "token", "tokens", "kwtoken")),
  APPLICATION("Application", "applications", List.of("application", "applications", "app", "apps"));

  private final String kind;
  private final String plural;
  private final List<String> aliases;

  KeywardKind(String kind, String plural, List<String> aliases) {
    this.kind = kind;
    this.plural = plural;
    this.aliases = aliases;
  }

  String kind() {
    return kind;
  }

  /** Whether the kind holds a key or secret of its own (users hold passwords, not keys). */
  boolean hasCredential() {
    return this != USER;
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(KeywardResource.GROUP)
        .withVersion(KeywardResource.VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  static KeywardKind parse(String text) {
    String wanted = text.toLowerCase(Locale.ROOT).replaceAll("\\.keyward\\.dev$", "");
    for (KeywardKind k : values()) {
      if (k.aliases.contains(wanted)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown kind '" + text + "': use token, user or app (or apitoken, apiuser, application)");
  }
}
