package dev.keyward.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks on consumer-signed JWTs, with a clock that moves only when the test says so. */
class SignedJwtCheckTest {

  private static final String ISSUER = "https://keyward.test";
  private static final String TOKEN_ENDPOINT = ISSUER + "/oauth/token";
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private final MovingClock clock = new MovingClock(NOW);
  private final SignedJwtCheck check =
      new SignedJwtCheck(clock, new ReplayWindow(clock, 1000), Set.of(ISSUER, TOKEN_ENDPOINT));

  private record Credential(CredentialKey key, Map<String, String> secret) {}

  private static Credential credential(SigningAlgorithm algorithm) {
    SigningKeyMaterial material = SigningKeyMaterial.generate(algorithm);
    Map<String, String> data = material.secretData("cred-uid");
    CredentialKey key =
        new CredentialKey(
            "team",
            "consumer",
            "cred-uid",
            algorithm,
            material.keyId(),
            material.verifier(material.publicJwk().orElse(null)),
            Duration.ofMinutes(5),
            "ApiUser",
            "consumer",
            "user-uid",
            null);
    return new Credential(key, data);
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer("cred-uid")
        .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(2))));
  }

  private Optional<JWTClaimsSet> apiCall(Credential c, String alg, JWTClaimsSet claims)
      throws Exception {
    String token = ConsumerJwts.sign(c.secret(), alg, null, claims);
    return check.verify(SignedJWT.parse(token), c.key(), SignedJwtCheck.Purpose.API_CALL);
  }

  @Test
  void aJwtSignedWithTheCredentialsKeyIsAcceptedForEachAlgorithm() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      Credential c = credential(algorithm);
      assertThat(apiCall(c, algorithm.name(), claims().build())).as(algorithm.name()).isPresent();
    }
  }

  @Test
  void aJwtWithAnotherAlgThanThePinnedOneIsRefused() throws Exception {
    Credential ed = credential(SigningAlgorithm.EdDSA);
    Credential hs = credential(SigningAlgorithm.HS256);
    Credential es = credential(SigningAlgorithm.ES256);
    // An HS256 token whose secret is the (public) key material, for an EdDSA credential.
    assertThat(
            check.verify(
                SignedJWT.parse(ConsumerJwts.sign(hs.secret(), "HS256", null, claims().build())),
                ed.key(),
                SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
    assertThat(
            check.verify(
                SignedJWT.parse(ConsumerJwts.sign(es.secret(), "ES256", null, claims().build())),
                ed.key(),
                SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
    assertThat(
            check.verify(
                SignedJWT.parse(ConsumerJwts.sign(ed.secret(), "EdDSA", null, claims().build())),
                hs.key(),
                SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
  }

  @Test
  void anUnsecuredJwtWithAlgNoneIsNotEvenParsedAsSigned() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    String signed = ConsumerJwts.sign(c.secret(), "EdDSA", null, claims().build());
    String[] parts = signed.split("\\.");
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(SignedJwtCheck.parse(none + "." + parts[1] + ".")).isEmpty();
    assertThat(SignedJwtCheck.parse(none + "." + parts[1] + "." + parts[2])).isEmpty();
  }

  @Test
  void aJwtSignedWithAnotherKeyOfTheSameAlgorithmIsRefused() throws Exception {
    Credential mine = credential(SigningAlgorithm.EdDSA);
    Credential other = credential(SigningAlgorithm.EdDSA);
    String token = ConsumerJwts.sign(other.secret(), "EdDSA", null, claims().build());
    assertThat(check.verify(SignedJWT.parse(token), mine.key(), SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
  }

  @Test
  void aTamperedPayloadIsRefused() throws Exception {
    Credential c = credential(SigningAlgorithm.ES256);
    String[] parts = ConsumerJwts.sign(c.secret(), "ES256", null, claims().build()).split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims()
                    .claim("groups", "admin")
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(
            check.verify(
                SignedJWT.parse(parts[0] + "." + forged + "." + parts[2]),
                c.key(),
                SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
  }

  @Test
  void aKidOtherThanTheCredentialsIsRefusedAndItsOwnIsAccepted() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    String wrong = ConsumerJwts.sign(c.secret(), "EdDSA", "another-kid", claims().build());
    String right = ConsumerJwts.sign(c.secret(), "EdDSA", c.key().keyId(), claims().build());
    assertThat(check.verify(SignedJWT.parse(wrong), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
    assertThat(check.verify(SignedJWT.parse(right), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isPresent();
  }

  @Test
  void aJwtWithoutExpIsRefused() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    assertThat(apiCall(c, "EdDSA", new JWTClaimsSet.Builder().issuer("cred-uid").build()))
        .isEmpty();
  }

  @Test
  void anExpiredJwtIsRefusedOncePastTheClockSkew() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    JWTClaimsSet expiredJustNow = claims().expirationTime(Date.from(NOW.minusSeconds(10))).build();
    JWTClaimsSet expiredLongAgo = claims().expirationTime(Date.from(NOW.minusSeconds(31))).build();
    assertThat(apiCall(c, "EdDSA", expiredJustNow)).isPresent();
    assertThat(apiCall(c, "EdDSA", expiredLongAgo)).isEmpty();
  }

  @Test
  void anExpFartherAheadThanMaxTokenLifetimeIsRefused() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    JWTClaimsSet atTheLimit =
        claims().expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5)))).build();
    JWTClaimsSet farFuture =
        claims().expirationTime(Date.from(NOW.plus(Duration.ofDays(365)))).build();
    JWTClaimsSet justBeyond =
        claims().expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5)).plusSeconds(31))).build();
    assertThat(apiCall(c, "EdDSA", atTheLimit)).isPresent();
    assertThat(apiCall(c, "EdDSA", farFuture)).isEmpty();
    assertThat(apiCall(c, "EdDSA", justBeyond)).isEmpty();
  }

  @Test
  void anExpMoreThanMaxTokenLifetimeAfterIatIsRefused() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    JWTClaimsSet backdated =
        claims()
            .issueTime(Date.from(NOW.minus(Duration.ofMinutes(10))))
            .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(1))))
            .build();
    assertThat(apiCall(c, "EdDSA", backdated)).isEmpty();
  }

  @Test
  void nbfAndIatInTheFutureAreRefusedBeyondTheClockSkew() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    assertThat(apiCall(c, "EdDSA", claims().notBeforeTime(Date.from(NOW.plusSeconds(20))).build()))
        .isPresent();
    assertThat(apiCall(c, "EdDSA", claims().notBeforeTime(Date.from(NOW.plusSeconds(60))).build()))
        .isEmpty();
    assertThat(apiCall(c, "EdDSA", claims().issueTime(Date.from(NOW.plusSeconds(60))).build()))
        .isEmpty();
  }

  @Test
  void aJtiIsAcceptedOnceWhileTheJwtLivesAndAnotherJtiIsNotAffected() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    String token = ConsumerJwts.sign(c.secret(), "EdDSA", null, claims().jwtID("call-1").build());
    String other = ConsumerJwts.sign(c.secret(), "EdDSA", null, claims().jwtID("call-2").build());

    assertThat(check.verify(SignedJWT.parse(token), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isPresent();
    assertThat(check.verify(SignedJWT.parse(token), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
    assertThat(check.verify(SignedJWT.parse(other), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isPresent();
  }

  @Test
  void aRefusedJwtDoesNotUseUpItsJti() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    Credential attacker = credential(SigningAlgorithm.EdDSA);
    String forged =
        ConsumerJwts.sign(attacker.secret(), "EdDSA", null, claims().jwtID("call-1").build());
    String genuine = ConsumerJwts.sign(c.secret(), "EdDSA", null, claims().jwtID("call-1").build());

    assertThat(check.verify(SignedJWT.parse(forged), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
    assertThat(check.verify(SignedJWT.parse(genuine), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isPresent();
  }

  @Test
  void aClientAssertionNeedsTheTokenEndpointAsAudienceAndAJti() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    String noAudience = ConsumerJwts.sign(c.secret(), "EdDSA", null, claims().jwtID("a").build());
    String noJti =
        ConsumerJwts.sign(c.secret(), "EdDSA", null, claims().audience(TOKEN_ENDPOINT).build());
    String good =
        ConsumerJwts.sign(
            c.secret(), "EdDSA", null, claims().audience(TOKEN_ENDPOINT).jwtID("b").build());

    assertThat(
            check.verify(
                SignedJWT.parse(noAudience), c.key(), SignedJwtCheck.Purpose.CLIENT_ASSERTION))
        .isEmpty();
    assertThat(
            check.verify(SignedJWT.parse(noJti), c.key(), SignedJwtCheck.Purpose.CLIENT_ASSERTION))
        .isEmpty();
    assertThat(
            check.verify(SignedJWT.parse(good), c.key(), SignedJwtCheck.Purpose.CLIENT_ASSERTION))
        .isPresent();
  }

  @Test
  void aClientAssertionIsNotAcceptedAsAnApiCall() throws Exception {
    Credential c = credential(SigningAlgorithm.EdDSA);
    String assertion =
        ConsumerJwts.sign(c.secret(), "EdDSA", null, claims().audience(ISSUER).build());
    assertThat(check.verify(SignedJWT.parse(assertion), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
  }

  @Test
  void aCriticalHeaderIsRefused() throws Exception {
    Credential c = credential(SigningAlgorithm.HS256);
    com.nimbusds.jose.JWSHeader header =
        new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.HS256)
            .criticalParams(Set.of("exp"))
            .build();
    String token =
        ConsumerJwts.nimbus(
            new com.nimbusds.jose.crypto.MACSigner(
                c.secret().get("secret").getBytes(StandardCharsets.UTF_8)),
            header,
            claims().build());
    assertThat(check.verify(SignedJWT.parse(token), c.key(), SignedJwtCheck.Purpose.API_CALL))
        .isEmpty();
  }

  @Test
  void theReplayWindowForgetsAJtiOnlyAfterTheJwtExpired() {
    ReplayWindow window = new ReplayWindow(clock, 10);
    Instant until = NOW.plusSeconds(60);
    assertThat(window.firstUse("cred", "j", until)).isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(window.firstUse("cred", "j", until)).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(window.firstUse("cred", "j", until.plusSeconds(60))).isTrue();
    assertThat(window.firstUse("other-cred", "j", until)).isTrue();
  }

  /** A clock that stands still until told to move. */
  static final class MovingClock extends Clock {
    private Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
