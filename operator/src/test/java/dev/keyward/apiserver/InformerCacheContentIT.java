package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
                assertThat(s.getMetadata().getAnnotations()).isNullOrEmpty();
                assertThat(s.getMetadata().getLabels()).doesNotContainKey("team");
              });
      Secret token =
          cached.stream().filter(s -> s.getMetadata().getName().equals("cached")).findFirst().get();
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
