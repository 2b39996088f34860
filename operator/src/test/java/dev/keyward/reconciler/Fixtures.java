package dev.keyward.reconciler;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserSpec;
import dev.keyward.api.Application;
import dev.keyward.api.ApplicationSpec;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.api.SigningCredential;
import dev.keyward.api.SigningCredentialSpec;
import dev.keyward.api.SigningCredentialStatus;
import dev.keyward.credential.KeyHasher;
import dev.keyward.rolemap.RoleMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built resources and observed states for the decision chains: no API server, fixed time. */
final class Fixtures {

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String NS = "team";

  static final RoleMap ROLE_MAP =
      new RoleMap(Map.of("runner", new RoleMap.Role(List.of("runners.read"), "edit")), Map.of());

  private Fixtures() {}

  static ApiUser user(String uid) {
    ApiUser user = new ApiUser();
    user.setMetadata(
        new ObjectMetaBuilder().withName("alice").withNamespace(NS).withUid(uid).build());
    ApiUserSpec spec = new ApiUserSpec();
    spec.setRoles(List.of("runner"));
    user.setSpec(spec);
    return user;
  }

  static ApiToken token(String... scopes) {
    ApiToken token = new ApiToken();
    token.setMetadata(
        new ObjectMetaBuilder()
            .withName("ci")
            .withNamespace(NS)
            .withUid("token-uid")
            .withGeneration(1L)
            .build());
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setUser("alice");
    spec.setScopes(List.of(scopes));
    token.setSpec(spec);
    return token;
  }

  /** A status with a key issued an hour ago, bound to the user {@code ownerUid}. */
  static ApiTokenStatus keyed(String ownerUid) {
    ApiTokenStatus status = new ApiTokenStatus();
    status.setKey(KeyHasher.record("kwt_issued", NOW.minusSeconds(3600).toString()));
    status.setOwner(ownerUid);
    status.setSecretName("ci");
    return status;
  }

  static ObservedToken observed(ApiToken token, ApiTokenStatus status, Optional<ApiUser> owner) {
    return new ObservedToken(token, status, owner, ROLE_MAP, Map.of(), NOW);
  }

  static Application app(String... roles) {
    Application app = new Application();
    app.setMetadata(
        new ObjectMetaBuilder()
            .withName("deployer")
            .withNamespace(NS)
            .withUid("app-uid")
            .withGeneration(1L)
            .build());
    ApplicationSpec spec = new ApplicationSpec();
    spec.setRoles(List.of(roles));
    app.setSpec(spec);
    return app;
  }

  static ObservedApplication observed(Application app, ApplicationStatus status) {
    return new ObservedApplication(app, status, ROLE_MAP, NOW);
  }

  /**
   * A SigningCredential of the ApiUser {@code user} (or, when null, the Application {@code app}).
   */
  static SigningCredential signing(String user, String app) {
    SigningCredential credential = new SigningCredential();
    credential.setMetadata(
        new ObjectMetaBuilder()
            .withName("ci-key")
            .withNamespace(NS)
            .withUid("credential-uid")
            .withGeneration(1L)
            .build());
    SigningCredentialSpec spec = new SigningCredentialSpec();
    spec.setUser(user);
    spec.setApplication(app);
    credential.setSpec(spec);
    return credential;
  }

  /**
   * The status a pass starts from: the credential's key and Secret name, as observing sets them.
   */
  static SigningCredentialStatus signingStatus(String boundOwnerUid) {
    SigningCredentialStatus status = new SigningCredentialStatus();
    status.setKey("credential-uid");
    status.setSecretName("ci-key");
    status.setOwner(boundOwnerUid);
    return status;
  }

  static ObservedSigningCredential observed(
      SigningCredential credential,
      SigningCredentialStatus status,
      Optional<ObservedSigningCredential.Owner> owner) {
    return new ObservedSigningCredential(credential, status, owner, NOW);
  }
}
