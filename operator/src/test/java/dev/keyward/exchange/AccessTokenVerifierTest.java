package dev.keyward.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keyward's access tokens as the forward-auth check verifies them, and what it refuses. */
class AccessTokenVerifierTest {

  private static final String ISSUER = "https://keyward.test";
  private static final String AUDIENCE = "jobs-api";
  private static final Instant NOW = Instant.parse("2027-01-01T12:00:00Z");

  private static ECKey key;
  private static ECKey stranger;
  private final AccessTokenVerifier verifier =
      new AccessTokenVerifier(
          () -> new JWKSet(key.toPublicJWK()), ISSUER, AUDIENCE, Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeAll
  static void keys() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("current").generate();
    stranger = new ECKeyGenerator(Curve.P_256).keyID("current").generate();
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("app-id")
        .jwtID("jti-1")
        .issueTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(14))))
        .claim("scope", "jobs.read");
  }

  private static String sign(ECKey with, JWTClaimsSet claims, JOSEObjectType type)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(with.getKeyID()).type(type).build(),
            claims);
    jwt.sign(new ECDSASigner(with));
    return jwt.serialize();
  }

  private static String sign(JWTClaimsSet claims) throws Exception {
    return sign(key, claims, JwtIssuer.ACCESS_TOKEN_TYPE);
  }

  @Test
  void aFreshTokenSignedWithAPublishedKeyIsAccepted() throws Exception {
    assertThat(verifier.verify(sign(claims().build())))
        .hasValueSatisfying(c -> assertThat(c.getSubject()).isEqualTo("app-id"));
  }

  @Test
  void expiredTokensAreRefusedFromTheirExpiryOn() throws Exception {
    assertThat(verifier.verify(sign(claims().expirationTime(Date.from(NOW)).build()))).isEmpty();
    assertThat(
            verifier.verify(sign(claims().expirationTime(Date.from(NOW.plusSeconds(1))).build())))
        .isPresent();
  }

  @Test
  void tamperedTokensAreRefused() throws Exception {
    String token = sign(claims().build());
    String[] parts = token.split("\\.");
    String widened =
        new JWTClaimsSet.Builder(claims().build())
            .claim("scope", "admin")
            .build()
            .toPayload()
            .toBase64URL()
            .toString();

    assertThat(verifier.verify(parts[0] + "." + widened + "." + parts[2])).isEmpty();
  }

  @Test
  void foreignIssuersAudiencesAndKeysAreRefused() throws Exception {
    assertThat(verifier.verify(sign(claims().issuer("https://evil.test").build()))).isEmpty();
    assertThat(verifier.verify(sign(claims().audience("other-api").build()))).isEmpty();
    assertThat(verifier.verify(sign(stranger, claims().build(), JwtIssuer.ACCESS_TOKEN_TYPE)))
        .as("same kid, key not published")
        .isEmpty();
  }

  @Test
  void aKeyReplacedUnderTheSameKidIsTheOnlyOneAcceptedFromThenOn() throws Exception {
    AtomicReference<ECKey> published = new AtomicReference<>(key);
    AccessTokenVerifier rotating =
        new AccessTokenVerifier(
            () -> new JWKSet(published.get().toPublicJWK()),
            ISSUER,
            AUDIENCE,
            Clock.fixed(NOW, ZoneOffset.UTC));
    String byKey = sign(claims().build());
    String byStranger = sign(stranger, claims().build(), JwtIssuer.ACCESS_TOKEN_TYPE);
    assertThat(rotating.verify(byKey)).isPresent();

    published.set(stranger);

    assertThat(rotating.verify(byKey)).as("the replaced key's verifier is not kept").isEmpty();
    assertThat(rotating.verify(byStranger)).isPresent();
  }

  @Test
  void onlyEs256AccessTokensWithEveryClaimPass() throws Exception {
    assertThat(verifier.verify(sign(key, claims().build(), JOSEObjectType.JWT)))
        .as("an ID token or other JWT is not an access token")
        .isEmpty();
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID("current")
                .type(JwtIssuer.ACCESS_TOKEN_TYPE)
                .build(),
            claims().build());
    hmac.sign(new MACSigner(new byte[32]));
    assertThat(verifier.verify(hmac.serialize())).isEmpty();
    assertThat(verifier.verify(new PlainJWT(claims().build()).serialize())).isEmpty();
    assertThat(verifier.verify(sign(claims().jwtID(null).build()))).isEmpty();
    assertThat(verifier.verify(sign(claims().issueTime(Date.from(NOW.plusSeconds(3600))).build())))
        .as("issued in the future")
        .isEmpty();
    assertThat(verifier.verify("kwt_notajwt")).isEmpty();
  }
}
