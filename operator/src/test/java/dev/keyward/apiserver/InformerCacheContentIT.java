package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.credential.KeyHasher;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's Secret caches hold metadata only: no key from a token's Secret, and nothing of a
 * big Secret a tenant labels as if Keyward managed it, lands in the operator's heap through them.
 */
class InformerCacheContentIT {

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Secret> cachedSecrets(
      KeywardOperator operator, String controller, String ns) {
    Controller<?> registered = (Controller<?>) operator.controller(controller);
    InformerEventSource<Secret, ?> source =
        (InformerEventSource)
            registered.getEventSourceManager().getEventSourcesFor(Secret.class).get(0);
    return source.list(ns, s -> true).toList();
  }

  @Test
  void secretCachesHoldNoContent() {
    String ns = TestCluster.createNamespace("cache");
    KeywardOperator operator = TestOperator.start();
    try {
      apply(ns, userYaml("owner", "roles: [runner]"));
      apply(ns, tokenYaml("cached", "owner", "scopes: [runners.read]"));
      awaitTokenPhase(ns, "cached", "Active");
      // A tenant's own big Secret, labelled as if Keyward had made it for an ApiToken.
      String big = "x".repeat(512 * 1024);
      TestCluster.client()
          .secrets()
          .inNamespace(ns)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("tenant-big")
                  .addToLabels("app.kubernetes.io/managed-by", "keyward")
                  .addToLabels("keyward.dev/owner-kind", "ApiToken")
                  .addToLabels("team", "a")
                  .addToAnnotations("note", "y".repeat(100 * 1024))
                  .endMetadata()
                  .addToData(
                      "blob",
                      Base64.getEncoder().encodeToString(big.getBytes(StandardCharsets.UTF_8)))
                  .build())
          .create();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  cachedSecrets(operator, "apitoken", ns).stream()
                      .map(s -> s.getMetadata().getName())
                      .toList()
                      .containsAll(List.of("cached", "tenant-big")));

      List<Secret> cached = cachedSecrets(operator, "apitoken", ns);
      assertThat(cached).isNotEmpty();
      assertThat(cached)
          .allSatisfy(
              s -> {
                assertThat(s.getData()).as("data of %s", s.getMetadata().getName()).isNullOrEmpty();
                assertThat(s.getStringData()).isNullOrEmpty();
                // Of the content only each data value's SHA-256 digest is kept (the digest a
                // status records for a key); no annotation sent by the API server, and no value.
                assertThat(s.getMetadata().getAnnotations())
                    .allSatisfy(
                        (name, value) -> {
                          assertThat(name).startsWith("keyward.dev/cached-data-sha256.");
                          assertThat(value).matches("[0-9a-f]{64}");
                        })
                    .doesNotContainKey("note");
                assertThat(s.getMetadata().getLabels()).doesNotContainKey("team");
              });
      Secret token =
          cached.stream().filter(s -> s.getMetadata().getName().equals("cached")).findFirst().get();
      String key =
          new String(
              Base64.getDecoder()
                  .decode(
                      TestCluster.client()
                          .secrets()
                          .inNamespace(ns)
                          .withName("cached")
                          .get()
                          .getData()
                          .get("token")),
              StandardCharsets.UTF_8);
      assertThat(token.getMetadata().getAnnotations())
          .as("the cached Secret tells the key's digest, not the key")
          .containsExactly(Map.entry("keyward.dev/cached-data-sha256.token", KeyHasher.digest(key)))
          .doesNotContainValue(key);
      assertThat(token.getMetadata().getOwnerReferences())
          .as("what maps the Secret to its token is kept")
          .hasSize(1);
      assertThat(TestCluster.client().secrets().inNamespace(ns).withName("cached").get().getData())
          .as("the API server still holds the key")
          .containsKey("token");
    } finally {
      operator.close();
    }
  }
}
