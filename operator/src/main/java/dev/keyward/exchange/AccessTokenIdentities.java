package dev.keyward.exchange;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.api.ApiUser;
import dev.keyward.verify.Identity;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Who a Keyward access token speaks for, as the forward-auth check answers: the Application it was
 * exchanged for, or the ApiUser who logged in — each looked up again, so a token of a disabled,
 * deleted or re-created identity stops working before it expires.
 */
public final class AccessTokenIdentities implements Function<String, Optional<Identity>> {

  /** The {@code client_id} of tokens issued by password login. */
  public static final String LOGIN_CLIENT_ID = "keyward-login";

  private final AccessTokenVerifier verifier;
  private final Function<String, Optional<AppClient>> activeApp;
  private final BiFunction<String, String, Optional<ApiUser>> userByUsername;

  public AccessTokenIdentities(
      AccessTokenVerifier verifier,
      Function<String, Optional<AppClient>> activeApp,
      BiFunction<String, String, Optional<ApiUser>> userByUsername) {
    this.verifier = verifier;
    this.activeApp = activeApp;
    this.userByUsername = userByUsername;
  }

  @Override
  public Optional<Identity> apply(String token) {
    return verifier.verify(token).flatMap(this::identity);
  }

  private Optional<Identity> identity(JWTClaimsSet claims) {
    try {
      List<String> scopes = scopes(claims.getStringClaim("scope"));
      if (LOGIN_CLIENT_ID.equals(claims.getStringClaim("client_id"))) {
        return user(claims, scopes);
      }
      return activeApp
          .apply(claims.getSubject())
          .map(
              app ->
                  Identity.ofApplication(
                      "Application",
                      app.namespace(),
                      app.name(),
                      claims.getJWTID(),
                      app.name(),
                      app.appId(),
                      app.roles(),
                      // Never more than the application holds now, whatever the token says.
                      scopes.stream().filter(app.scopes()::contains).toList(),
                      claims.getIssueTime().toInstant(),
                      claims.getExpirationTime().toInstant(),
                      app.projects()));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private Optional<Identity> user(JWTClaimsSet claims, List<String> scopes) throws ParseException {
    String namespace = claims.getStringClaim("namespace");
    String username = claims.getStringClaim("preferred_username");
    if (namespace == null || username == null) {
      return Optional.empty();
    }
    return userByUsername
        .apply(namespace, username)
        .filter(u -> claims.getSubject().equals(u.getMetadata().getUid()))
        .filter(u -> u.getSpec().enabledOrDefault())
        .filter(u -> u.getMetadata().getDeletionTimestamp() == null)
        .map(
            u ->
                Identity.ofUser(
                    u,
                    "ApiUser",
                    username,
                    claims.getJWTID(),
                    scopes,
                    claims.getIssueTime().toInstant(),
                    claims.getExpirationTime().toInstant()));
  }

  private static List<String> scopes(String scope) {
    return scope == null || scope.isBlank()
        ? List.of()
        : Arrays.stream(scope.trim().split(" +")).toList();
  }
}
