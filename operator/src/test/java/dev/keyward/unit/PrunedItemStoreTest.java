package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.cache.PrunedItemStore;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class PrunedItemStoreTest {

  @Test
  void cachedObjectsKeepEverythingButTheirManagedFields() {
    PrunedItemStore<Secret> store = new PrunedItemStore<>();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .withNamespace("ns")
            .addToLabels("app.kubernetes.io/managed-by", "keyward")
            .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
            .endMetadata()
            .addToData("token", "dG9rZW4=")
            .build();

    store.put(store.getKey(secret), secret);

    Secret cached = store.get("ns/s");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "keyward");
    assertThat(cached.getData()).containsEntry("token", "dG9rZW4=");
  }
}
