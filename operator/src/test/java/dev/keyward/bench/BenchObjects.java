package dev.keyward.bench;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserSpec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** The objects a benchmark applies: one owner ApiUser, its ApiTokens, unrelated Secrets. */
final class BenchObjects {

  static final String OWNER = "bench-owner";
  static final List<String> SCOPES = List.of("runners.read", "runners.run");

  private BenchObjects() {}

  static void createNamespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  static ApiUser createOwner(KubernetesClient client, String namespace) {
    ApiUserSpec spec = new ApiUserSpec();
    spec.setRoles(List.of("runner"));
    spec.setDisplayName("Benchmark owner");
    ApiUser user = new ApiUser();
    user.setMetadata(new ObjectMetaBuilder().withName(OWNER).withNamespace(namespace).build());
    user.setSpec(spec);
    return client.resource(user).create();
  }

  static String tokenName(int i) {
    return "bench-token-" + i;
  }

  static ApiToken createToken(KubernetesClient client, String namespace, int i) {
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setUser(OWNER);
    spec.setDescription("benchmark token " + i);
    spec.setScopes(SCOPES);
    ApiToken token = new ApiToken();
    token.setMetadata(
        new ObjectMetaBuilder().withName(tokenName(i)).withNamespace(namespace).build());
    token.setSpec(spec);
    return client.resource(token).create();
  }

  /** A Secret Keyward has nothing to do with: no Keyward label, no owner reference. */
  static Secret createUnrelatedSecret(KubernetesClient client, String namespace, int i) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("unrelated-" + i)
            .withNamespace(namespace)
            .withLabels(Map.of("app.kubernetes.io/name", "unrelated"))
            .endMetadata()
            .withType("Opaque")
            .withStringData(Map.of("config", "value-" + i + "-" + "x".repeat(64)))
            .build();
    return client.resource(secret).create();
  }
}
