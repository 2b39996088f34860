package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.Condition;
import dev.keyward.api.KeyHash;
import dev.keyward.cache.VerificationItemStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verification cache keeps what answering a key needs, and nothing else. */
class VerificationItemStoreTest {

  private static ApiToken token() {
    ApiToken token = new ApiToken();
    token.setMetadata(
        new ObjectMetaBuilder()
            .withName(new String("ci"))
            .withNamespace(new String("team"))
            .withUid("t-1")
            .withResourceVersion("7")
            .withLabels(Map.of("team", "a"))
            .withAnnotations(Map.of("note", "b"))
            .build());
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setUser(new String("ann"));
    spec.setScopes(List.of(new String("runners.read")));
    spec.setDescription("a long description nobody verifies with");
    token.setSpec(spec);
    ApiTokenStatus status = new ApiTokenStatus();
    status.setPhase("Active");
    status.setOwner("u-1");
    status.setApprovedScopes(List.of("runners.read"));
    status.setExpiresAt("2030-01-01T00:00:00Z");
    KeyHash key = new KeyHash();
    key.setAlgorithm("sha256");
    key.setDigest("d1");
    key.setHint("kwt_...abcd");
    key.setIssuedAt("2026-01-01T00:00:00Z");
    status.setKey(key);
    KeyHash previous = new KeyHash();
    previous.setAlgorithm("sha256");
    previous.setDigest("d0");
    previous.setValidUntil("2026-02-01T00:00:00Z");
    status.setPreviousKeys(List.of(previous));
    status.setConditions(List.of(new Condition("Ready", "True", "Active", "the key verifies")));
    status.setSecretName("ci");
    status.setLastUsedAt("2026-03-01T00:00:00Z");
    token.setStatus(status);
    return token;
  }

  @Test
  void aCachedTokenKeepsWhatVerificationReadsAndDropsTheRest() {
    VerificationItemStore store = new VerificationItemStore();
    ApiToken token = token();
    store.put(store.getKey(token), token);

    ApiToken cached = store.get("team/ci");
    assertThat(cached.getMetadata().getUid()).isEqualTo("t-1");
    assertThat(cached.getSpec().getUser()).isEqualTo("ann");
    assertThat(cached.getSpec().getScopes()).containsExactly("runners.read");
    assertThat(cached.getSpec().enabledOrDefault()).isTrue();
    assertThat(cached.getStatus().getPhase()).isEqualTo("Active");
    assertThat(cached.getStatus().getOwner()).isEqualTo("u-1");
    assertThat(cached.getStatus().getApprovedScopes()).containsExactly("runners.read");
    assertThat(cached.getStatus().getExpiresAt()).isEqualTo("2030-01-01T00:00:00Z");
    // The last-use writer reads it: without it every replica would write each use again.
    assertThat(cached.getStatus().getLastUsedAt()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(cached.getStatus().getKey().getDigest()).isEqualTo("d1");
    assertThat(cached.getStatus().getKey().getIssuedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(cached.getStatus().getPreviousKeys())
        .extracting(KeyHash::getDigest, KeyHash::getValidUntil)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("d0", "2026-02-01T00:00:00Z"));

    assertThat(cached.getStatus().getConditions()).isEmpty();
    assertThat(cached.getStatus().getSecretName()).isNull();
    assertThat(cached.getStatus().getKey().getHint()).isNull();
    assertThat(cached.getSpec().getDescription()).isNull();
    assertThat(cached.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void stringsThatRepeatAcrossTokensAreHeldOnce() {
    VerificationItemStore store = new VerificationItemStore();
    ApiToken token = token();
    store.put(store.getKey(token), token);

    ApiToken cached = store.get("team/ci");
    assertThat(cached.getMetadata().getNamespace()).isSameAs("team".intern());
    assertThat(cached.getSpec().getUser()).isSameAs("ann".intern());
    assertThat(cached.getSpec().getScopes().get(0)).isSameAs("runners.read".intern());
  }
}
