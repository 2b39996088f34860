package dev.keyward.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

  private static MultiMap basic(String idColonSecret) {
    return MultiMap.caseInsensitiveMultiMap()
        .add(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(idColonSecret.getBytes(StandardCharsets.UTF_8)));
  }

  private static MultiMap none() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Test
  void basicCredentialsAreFormUrlDecodedAsRfc6749Requires() {
    ClientCredentials.Result result = ClientCredentials.from(basic("app%3Aone:se%2Bcret"), none());

    assertThat(result.id()).hasValue("app:one");
    assertThat(result.secret()).hasValue("se+cret");
    assertThat(result.malformed()).isEmpty();
  }

  @Test
  void formCredentialsAreReadWhenNoBasicHeaderIsSent() {
    ClientCredentials.Result result =
        ClientCredentials.from(
            none(), none().add("client_id", "app").add("client_secret", "secret"));

    assertThat(result.presented()).isTrue();
    assertThat(result.id()).hasValue("app");
  }

  @Test
  void basicAndFormTogetherAreRefused() {
    ClientCredentials.Result result =
        ClientCredentials.from(basic("app:secret"), none().add("client_id", "app"));

    assertThat(result.malformed()).isPresent();
    assertThat(result.presented()).isFalse();
  }

  @Test
  void basicWithoutAColonOrNotBase64IsRefused() {
    assertThat(ClientCredentials.from(basic("no-colon"), none()).malformed()).isPresent();
    assertThat(
            ClientCredentials.from(none().add("Authorization", "Basic !!!not-base64!!!"), none())
                .malformed())
        .isPresent();
  }

  @Test
  void nothingPresentedIsNotMalformedButNotPresented() {
    ClientCredentials.Result result = ClientCredentials.from(none(), none());

    assertThat(result.malformed()).isEmpty();
    assertThat(result.presented()).isFalse();
  }
}
