package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.verify.PresentedKey;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class PresentedKeyTest {

  private static PresentedKey.Result of(MultiMap headers) {
    return PresentedKey.from(headers, MultiMap.caseInsensitiveMultiMap());
  }

  @Test
  void keyIsTakenFromBearerXApiKeyOrToken() {
    assertThat(of(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer kwt_a")).key())
        .contains("kwt_a");
    assertThat(of(MultiMap.caseInsensitiveMultiMap().add("authorization", "bearer kwt_b")).key())
        .contains("kwt_b");
    assertThat(of(MultiMap.caseInsensitiveMultiMap().add("X-API-Key", "kwt_c")).key())
        .contains("kwt_c");
    assertThat(of(MultiMap.caseInsensitiveMultiMap().add("Token", "kwt_d")).key())
        .contains("kwt_d");
  }

  @Test
  void otherAuthorizationSchemesPresentNothing() {
    PresentedKey.Result basic =
        of(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic dXNlcjpwdw=="));

    assertThat(basic.key()).isEmpty();
    assertThat(basic.badRequest()).isEmpty();
  }

  @Test
  void sameKeyInTwoHeadersIsAcceptedButDifferentKeysAreRefused() {
    assertThat(
            of(MultiMap.caseInsensitiveMultiMap().add("X-API-Key", "kwt_a").add("Token", "kwt_a"))
                .key())
        .contains("kwt_a");
    assertThat(
            of(MultiMap.caseInsensitiveMultiMap().add("X-API-Key", "kwt_a").add("Token", "kwt_b"))
                .badRequest())
        .isPresent();
  }

  @Test
  void repeatedHeaderIsRefused() {
    assertThat(
            of(MultiMap.caseInsensitiveMultiMap().add("Token", "kwt_a").add("Token", "kwt_a"))
                .badRequest())
        .hasValueSatisfying(r -> assertThat(r).contains("more than once"));
  }

  @Test
  void lineBreakInAHeaderIsRefused() {
    assertThat(
            of(MultiMap.caseInsensitiveMultiMap()
                    .add("X-API-Key", "kwt_a\r\nX-Keyward-User: admin"))
                .badRequest())
        .isPresent();
  }

  @Test
  void credentialInTheQueryStringIsRefused() {
    PresentedKey.Result result =
        PresentedKey.from(
            MultiMap.caseInsensitiveMultiMap(),
            MultiMap.caseInsensitiveMultiMap().add("access_token", "x"));

    assertThat(result.badRequest()).hasValueSatisfying(r -> assertThat(r).contains("query"));
  }
}
