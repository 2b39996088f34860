package dev.keyward.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** RFC 8414: the metadata's issuer is identical to the iss of the tokens the server signs. */
class DiscoveryMetadataTest {

  @Test
  void theIssuerIsTheOneTheTokensCarryEvenWithATrailingSlash() {
    String issuer = "https://keyward.example.test/";

    JsonObject metadata = TokenExchangeEndpoints.metadata(issuer);

    assertThat(metadata.getString("issuer"))
        .isEqualTo(new JwtIssuer(null, issuer).issuer())
        .isEqualTo(issuer);
    assertThat(metadata.getString("token_endpoint"))
        .isEqualTo("https://keyward.example.test/oauth/token");
    assertThat(metadata.getString("jwks_uri"))
        .isEqualTo("https://keyward.example.test/.well-known/jwks.json");
  }

  @Test
  void withoutATrailingSlashNothingChanges() {
    JsonObject metadata = TokenExchangeEndpoints.metadata("https://keyward.example.test");

    assertThat(metadata.getString("issuer")).isEqualTo("https://keyward.example.test");
    assertThat(metadata.getString("token_endpoint"))
        .isEqualTo("https://keyward.example.test/oauth/token");
  }
}
