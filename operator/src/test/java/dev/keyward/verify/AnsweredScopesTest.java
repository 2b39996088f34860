package dev.keyward.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnsweredScopesTest {

  private static ApiToken token(List<String> spec, List<String> approved) {
    ApiToken token = new ApiToken();
    ApiTokenSpec tokenSpec = new ApiTokenSpec();
    tokenSpec.setScopes(spec);
    token.setSpec(tokenSpec);
    ApiTokenStatus status = new ApiTokenStatus();
    status.setApprovedScopes(approved);
    token.setStatus(status);
    return token;
  }

  @Test
  void aWideningWaitsForTheOperatorAndANarrowingAppliesAtOnce() {
    assertThat(
            CredentialIndex.answeredScopes(
                token(List.of("jobs.read", "keyward:introspect"), List.of("jobs.read"))))
        .containsExactly("jobs.read");
    assertThat(
            CredentialIndex.answeredScopes(
                token(List.of("jobs.read"), List.of("jobs.read", "jobs.submit"))))
        .containsExactly("jobs.read");
    assertThat(CredentialIndex.answeredScopes(token(List.of("jobs.read"), null)))
        .as("nothing judged yet: no scopes")
        .isEmpty();
  }
}
