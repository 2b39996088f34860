package dev.keyward.signing;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyward.api.ApiUser;
import dev.keyward.exchange.AppClient;
import dev.keyward.exchange.ClientAssertions;
import dev.keyward.verify.Identity;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * JWTs that consumers sign with their SigningCredential: at the forward-auth check ({@link
 * #identity}) answered with the owner's identity and groups, looked up again at each request; at
 * the token endpoint ({@link #authenticate}) as an Application's {@code private_key_jwt} client
 * assertion. The credential is found by the unverified {@code iss} only to pick the key; nothing
 * else is believed before the signature and every {@link SignedJwtCheck} passed.
 */
public final class SignedJwts implements ClientAssertions {

  /** The kind named in X-Keyward-Credential for a consumer-signed JWT. */
  public static final String KIND = "SigningCredential";

  private final SigningCredentialIndex index;
  private final SignedJwtCheck check;
  private final BiFunction<String, String, Optional<ApiUser>> usableUser;
  private final Function<String, Optional<AppClient>> activeApp;

  public SignedJwts(
      SigningCredentialIndex index,
      SignedJwtCheck check,
      BiFunction<String, String, Optional<ApiUser>> usableUser,
      Function<String, Optional<AppClient>> activeApp) {
    this.index = index;
    this.check = check;
    this.usableUser = usableUser;
    this.activeApp = activeApp;
  }

  /** The identity behind a consumer-signed JWT presented to /auth, or empty. */
  public Optional<Identity> identity(String token) {
    Optional<SignedJWT> jwt = SignedJwtCheck.parse(token);
    if (jwt.isEmpty()) {
      return Optional.empty();
    }
    Optional<CredentialKey> credential = issuer(jwt.get()).flatMap(index::byKey);
    if (credential.isEmpty()) {
      return Optional.empty();
    }
    CredentialKey key = credential.get();
    return check
        .verify(jwt.get(), key, SignedJwtCheck.Purpose.API_CALL)
        .flatMap(claims -> owner(key, claims));
  }

  @Override
  public Optional<AppClient> authenticate(String assertion, String clientId) {
    Optional<SignedJWT> jwt = SignedJwtCheck.parse(assertion);
    if (jwt.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> iss = issuer(jwt.get());
    Optional<String> sub = subject(jwt.get());
    // RFC 7523 section 3: iss and sub are both the client_id.
    if (iss.isEmpty() || !iss.equals(sub) || (clientId != null && !clientId.equals(iss.get()))) {
      return Optional.empty();
    }
    for (CredentialKey key : index.byClientId(iss.get())) {
      if (!"Application".equals(key.ownerKind())) {
        continue;
      }
      Optional<JWTClaimsSet> claims =
          check.verify(jwt.get(), key, SignedJwtCheck.Purpose.CLIENT_ASSERTION);
      if (claims.isPresent()) {
        return activeApp
            .apply(key.clientId())
            .filter(app -> app.namespace().equals(key.namespace()))
            .filter(app -> app.appId().equals(key.ownerUid()));
      }
    }
    return Optional.empty();
  }

  private Optional<Identity> owner(CredentialKey key, JWTClaimsSet claims) {
    if ("ApiUser".equals(key.ownerKind())) {
      return usableUser
          .apply(key.namespace(), key.ownerName())
          .filter(u -> u.getMetadata().getUid().equals(key.ownerUid()))
          .map(
              u ->
                  Identity.ofUser(
                      u,
                      KIND,
                      key.name(),
                      key.key(),
                      List.of(),
                      instant(claims.getIssueTime()),
                      instant(claims.getExpirationTime())));
    }
    if ("Application".equals(key.ownerKind())) {
      return activeApp
          .apply(key.clientId())
          .filter(app -> app.namespace().equals(key.namespace()))
          .filter(app -> app.appId().equals(key.ownerUid()))
          .map(
              app ->
                  Identity.ofApplication(
                      KIND,
                      app.namespace(),
                      key.name(),
                      key.key(),
                      app.name(),
                      app.appId(),
                      app.roles(),
                      List.copyOf(app.scopes()),
                      instant(claims.getIssueTime()),
                      instant(claims.getExpirationTime()),
                      app.projects()));
    }
    return Optional.empty();
  }

  private static Optional<String> issuer(SignedJWT jwt) {
    try {
      return Optional.ofNullable(jwt.getJWTClaimsSet().getIssuer());
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> subject(SignedJWT jwt) {
    try {
      return Optional.ofNullable(jwt.getJWTClaimsSet().getSubject());
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private static java.time.Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
