package dev.keyward.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.keyward.api.KeywardNames;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.exchange.SigningKeys;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Signing keys in a Secret on a real API server, shared by replicas that start together. */
class SigningKeysIT {

  @Test
  void replicasStartingTogetherCreateTheSecretOnceAndSignWithTheSameKey() throws Exception {
    String ns = TestCluster.createNamespace("keys");
    ExchangeSettings settings =
        ExchangeSettings.defaults("https://issuer", ns, RoleMapSource.of(RoleMap.EMPTY));

    List<CompletableFuture<SigningKeys>> replicas =
        List.of(1, 2, 3).stream()
            .map(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            SigningKeys.start(
                                TestCluster.client(),
                                settings,
                                Clock.systemUTC(),
                                Duration.ofMinutes(5))))
            .toList();
    List<SigningKeys> started = replicas.stream().map(CompletableFuture::join).toList();

    try {
      assertThat(started.stream().map(k -> k.signer().getKeyID()).distinct()).hasSize(1);
      Secret secret =
          TestCluster.client()
              .secrets()
              .inNamespace(ns)
              .withName(KeywardNames.SIGNING_KEYS_SECRET)
              .get();
      JWKSet stored =
          JWKSet.parse(
              new String(
                  Base64.getDecoder()
                      .decode(secret.getData().get(KeywardNames.SIGNING_KEYS_DATA_KEY)),
                  StandardCharsets.UTF_8));
      assertThat(stored.getKeys())
          .singleElement()
          .satisfies(k -> assertThat(k.isPrivate()).isTrue());
      assertThat(started.get(0).publicKeys().getKeys())
          .singleElement()
          .satisfies(k -> assertThat(k.isPrivate()).isFalse());
    } finally {
      started.forEach(SigningKeys::close);
    }
  }
}
