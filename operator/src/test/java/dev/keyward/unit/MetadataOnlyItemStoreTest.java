package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.cache.MetadataOnlyItemStore;
import dev.keyward.credential.KeyHasher;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import org.junit.jupiter.api.Test;

class MetadataOnlyItemStoreTest {

  @Test
  void aCachedSecretKeepsItsIdentityAndNoneOfItsContent() {
    MetadataOnlyItemStore<Secret> store = new MetadataOnlyItemStore<>();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .withNamespace("ns")
            .withUid("u-1")
            .withResourceVersion("7")
            .addToLabels("app.kubernetes.io/managed-by", "keyward")
            .addToLabels("keyward.dev/owner-kind", "ApiToken")
            .addToLabels("team", "a")
            .addToAnnotations("keyward.dev/sha256", "abc")
            .addNewOwnerReference()
            .withUid("owner-uid")
            .withKind("ApiToken")
            .withName("t")
            .endOwnerReference()
            .endMetadata()
            .addToData("token", "dG9rZW4=")
            .addToStringData("other", "plain")
            .build();

    store.put(store.getKey(secret), secret);

    Secret cached = store.get("ns/s");
    assertThat(cached.getData()).isNull();
    assertThat(cached.getStringData()).isNull();
    // Of the data, only each value's digest remains; no annotation the API server sent is kept.
    assertThat(cached.getMetadata().getAnnotations())
        .containsOnlyKeys("keyward.dev/cached-data-sha256.token");
    assertThat(MetadataOnlyItemStore.dataDigest(cached, "token"))
        .contains(KeyHasher.digest("token"));
    assertThat(MetadataOnlyItemStore.dataDigest(cached, "other")).isEmpty();
    assertThat(cached.getMetadata().getLabels())
        .containsOnlyKeys("app.kubernetes.io/managed-by", "keyward.dev/owner-kind");
    assertThat(cached.getMetadata().getUid()).isEqualTo("u-1");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getMetadata().getOwnerReferences())
        .extracting(r -> r.getUid())
        .containsExactly("owner-uid");
  }

  @Test
  void aCachedRoleBindingKeepsTheLabelsThatMapItToItsApplicationAndAtMostTwoSubjects() {
    MetadataOnlyItemStore<RoleBinding> store = new MetadataOnlyItemStore<>();
    RoleBinding binding =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("b")
            .withNamespace("p")
            .addToLabels("keyward.dev/application-name", "app")
            .addToLabels("keyward.dev/application-namespace", "ns")
            .endMetadata()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName("kwapp-app")
            .endSubject()
            .addNewSubject()
            .withKind("User")
            .withName("intruder")
            .endSubject()
            .addNewSubject()
            .withKind("User")
            .withName("padding")
            .endSubject()
            .build();

    store.put(store.getKey(binding), binding);

    RoleBinding cached = store.get("p/b");
    // Enough to tell Keyward's one subject from anything else, however long the list.
    assertThat(cached.getSubjects())
        .extracting(s -> s.getName())
        .containsExactly("kwapp-app", "intruder");
    assertThat(cached.getMetadata().getLabels())
        .containsEntry("keyward.dev/application-name", "app")
        .containsEntry("keyward.dev/application-namespace", "ns");
  }
}
