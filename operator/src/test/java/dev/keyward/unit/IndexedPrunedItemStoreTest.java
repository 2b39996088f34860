package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.cache.IndexedPrunedItemStore;
import dev.keyward.cache.TokenDigests;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The token store's own digest index follows every put and remove of the informer. */
class IndexedPrunedItemStoreTest {

  private final IndexedPrunedItemStore<ApiToken> store =
      new IndexedPrunedItemStore<>(TokenDigests::of);

  private static ApiToken token(String name, String current, String... previous) {
    ApiToken token = new ApiToken();
    token.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team")
            .withManagedFields(new ManagedFieldsEntry())
            .build());
    ApiTokenStatus status = new ApiTokenStatus();
    KeyHash key = new KeyHash();
    key.setDigest(current);
    status.setKey(key);
    status.setPreviousKeys(
        Stream.of(previous)
            .map(
                d -> {
                  KeyHash k = new KeyHash();
                  k.setDigest(d);
                  return k;
                })
            .toList());
    token.setStatus(status);
    return token;
  }

  private void put(ApiToken token) {
    store.put(store.getKey(token), token);
  }

  @Test
  void aTokenIsFoundByItsCurrentAndPreviousDigestsAndPruned() {
    ApiToken ci = token("ci", "d2", "d1");
    put(ci);

    assertThat(store.byIndex("d2")).containsExactly(ci);
    assertThat(store.byIndex("d1")).containsExactly(ci);
    assertThat(store.byIndex("d0")).isEmpty();
    assertThat(ci.getMetadata().getManagedFields()).isNull();
  }

  @Test
  void aRotationMovesTheTokenToItsNewDigestsAndDropsTheOldOnes() {
    put(token("ci", "d1"));
    ApiToken rotated = token("ci", "d2", "d1");
    put(rotated);
    ApiToken graceOver = token("ci", "d2");
    put(graceOver);

    assertThat(store.byIndex("d2")).containsExactly(graceOver);
    assertThat(store.byIndex("d1")).isEmpty();
  }

  @Test
  void aRemovedTokenIsNoLongerFoundAndOthersOnTheSameDigestStay() {
    ApiToken ci = token("ci", "shared");
    ApiToken other = token("other", "shared");
    put(ci);
    put(other);

    store.remove(store.getKey(ci));

    assertThat(store.byIndex("shared")).containsExactly(other);
    assertThat(store.get("team/ci")).isNull();
    assertThat(store.size()).isEqualTo(1);
    store.remove(store.getKey(other));
    assertThat(store.byIndex("shared")).isEqualTo(List.of());
  }

  @Test
  void aMemoLastsOnlyAsLongAsTheObjectsItWasMadeFrom() {
    put(token("ci", "d2", "d1"));
    store.entry("d2").memo("answer");
    put(token("other", "d9"));

    assertThat(store.entry("d2").memo()).isEqualTo("answer");

    put(token("ci", "d2", "d1")); // any change to the token, its status included
    assertThat(store.entry("d2").memo()).isNull();

    store.entry("d2").memo("answer");
    store.remove("team/ci");
    assertThat(store.entry("d2")).isNull();
  }
}
