package dev.keyward.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.cache.IndexedPrunedItemStore;
import dev.keyward.cache.TokenDigests;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A remembered answer is reused only while its token, the users and the clock allow. */
class RememberedAnswersTest {

  private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

  private final IndexedPrunedItemStore<ApiToken> store =
      new IndexedPrunedItemStore<>(TokenDigests::of);
  private final RememberedAnswers answers = new RememberedAnswers();

  private void put(String digest) {
    ApiToken token = new ApiToken();
    token.setMetadata(new ObjectMetaBuilder().withName("ci").withNamespace("team").build());
    ApiTokenStatus status = new ApiTokenStatus();
    KeyHash key = new KeyHash();
    key.setDigest(digest);
    status.setKey(key);
    token.setStatus(status);
    store.put(store.getKey(token), token);
  }

  private static Identity identity(Instant expiresAt) {
    return new Identity(
        "ApiToken",
        "team",
        "ci",
        "uid-ci",
        "ada",
        "uid-ada",
        null,
        null,
        List.of(),
        List.of(),
        List.of("read"),
        NOW.minusSeconds(60),
        expiresAt);
  }

  @Test
  void anAnswerIsReusedWhileNothingChanged() {
    put("d1");
    Identity ada = identity(null);
    answers.remember(store.entry("d1"), answers.usersVersion(), ada);

    assertThat(answers.reusable(store.entry("d1"), answers.usersVersion(), NOW)).contains(ada);
  }

  @Test
  void aChangeToTheTokenForgetsTheAnswer() {
    put("d1");
    answers.remember(store.entry("d1"), answers.usersVersion(), identity(null));
    put("d1");

    assertThat(answers.reusable(store.entry("d1"), answers.usersVersion(), NOW)).isEmpty();
  }

  @Test
  void aChangeToAnyUserForgetsTheAnswer() {
    put("d1");
    long before = answers.usersVersion();
    answers.remember(store.entry("d1"), before, identity(null));
    answers.usersChanged();

    assertThat(answers.reusable(store.entry("d1"), answers.usersVersion(), NOW)).isEmpty();
  }

  @Test
  void anAnswerMadeWhileTheUsersChangedIsNotReused() {
    put("d1");
    long readBeforeDeciding = answers.usersVersion();
    answers.usersChanged(); // the informer stored a user while the answer was being made
    answers.remember(store.entry("d1"), readBeforeDeciding, identity(null));

    assertThat(answers.reusable(store.entry("d1"), answers.usersVersion(), NOW)).isEmpty();
  }

  @Test
  void anExpiredKeyIsDecidedAfresh() {
    put("d1");
    answers.remember(store.entry("d1"), answers.usersVersion(), identity(NOW.plusSeconds(1)));

    assertThat(answers.reusable(store.entry("d1"), answers.usersVersion(), NOW)).isPresent();
    assertThat(answers.reusable(store.entry("d1"), answers.usersVersion(), NOW.plusSeconds(1)))
        .isEmpty();
  }
}
