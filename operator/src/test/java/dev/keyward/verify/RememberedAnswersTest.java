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
    put(digest, "team", "ci");
  }

  private void put(String digest, String namespace, String name) {
    ApiToken token = new ApiToken();
    token.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
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

  private IndexedPrunedItemStore.Entry<ApiToken> d1() {
    return store.entry("d1");
  }

  /** Remembers an answer for d1 the way a verification does: version read before deciding. */
  private void rememberD1(Identity identity) {
    answers.remember(d1(), answers.usersVersion(d1()), identity);
  }

  private boolean reusedAt(Instant now) {
    return answers.reusable(d1(), answers.usersVersion(d1()), now).isPresent();
  }

  @Test
  void anAnswerIsReusedWhileNothingChanged() {
    put("d1");
    Identity ada = identity(null);
    rememberD1(ada);

    assertThat(answers.reusable(d1(), answers.usersVersion(d1()), NOW)).contains(ada);
  }

  @Test
  void aChangeToTheTokenForgetsTheAnswer() {
    put("d1");
    rememberD1(identity(null));
    put("d1");

    assertThat(reusedAt(NOW)).isFalse();
  }

  @Test
  void aChangeToAnyUserOfTheTokensNamespaceForgetsTheAnswer() {
    put("d1");
    rememberD1(identity(null));
    answers.usersChanged("team/someone-else");

    assertThat(reusedAt(NOW)).isFalse();
  }

  @Test
  void aChangeToTheUsersOfAnotherNamespaceKeepsTheAnswer() {
    put("d1");
    rememberD1(identity(null));
    answers.usersChanged("other-team/eve");
    answers.usersChanged("team-b/ada");

    assertThat(reusedAt(NOW)).isTrue();
  }

  @Test
  void anAnswerMadeWhileTheUsersChangedIsNotReused() {
    put("d1");
    long readBeforeDeciding = answers.usersVersion(d1());
    answers.usersChanged("team/ada"); // the informer stored a user while the answer was being made
    answers.remember(d1(), readBeforeDeciding, identity(null));

    assertThat(reusedAt(NOW)).isFalse();
  }

  @Test
  void aDigestHeldByTokensOfTwoNamespacesFollowsTheUsersOfEach() {
    put("d1", "team", "ci");
    put("d1", "other-team", "copy");
    rememberD1(identity(null));
    assertThat(reusedAt(NOW)).isTrue();

    answers.usersChanged("other-team/eve");

    assertThat(reusedAt(NOW)).isFalse();
  }

  @Test
  void anExpiredKeyIsDecidedAfresh() {
    put("d1");
    rememberD1(identity(NOW.plusSeconds(1)));

    assertThat(reusedAt(NOW)).isTrue();
    assertThat(reusedAt(NOW.plusSeconds(1))).isFalse();
  }
}
