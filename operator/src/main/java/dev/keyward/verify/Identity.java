package dev.keyward.verify;

import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import java.time.Instant;
import java.util.List;

/**
 * Who a verified credential belongs to and what it may do; for an ApiToken also when its last use
 * was recorded ({@code lastUsedAt}, null if never or not recorded). Carries no secret material.
 */
public record Identity(
    String kind,
    String namespace,
    String credentialName,
    String credentialId,
    String username,
    String userId,
    String email,
    String displayName,
    List<String> groups,
    List<String> roles,
    List<String> scopes,
    Instant issuedAt,
    Instant expiresAt,
    List<String> projects,
    Instant lastUsedAt) {

  /** An identity with no recorded last use. */
  public Identity(
      String kind,
      String namespace,
      String credentialName,
      String credentialId,
      String username,
      String userId,
      String email,
      String displayName,
      List<String> groups,
      List<String> roles,
      List<String> scopes,
      Instant issuedAt,
      Instant expiresAt,
      List<String> projects) {
    this(
        kind,
        namespace,
        credentialName,
        credentialId,
        username,
        userId,
        email,
        displayName,
        groups,
        roles,
        scopes,
        issuedAt,
        expiresAt,
        projects,
        null);
  }

  /** An identity without projects (every credential but an Application's access token). */
  public Identity(
      String kind,
      String namespace,
      String credentialName,
      String credentialId,
      String username,
      String userId,
      String email,
      String displayName,
      List<String> groups,
      List<String> roles,
      List<String> scopes,
      Instant issuedAt,
      Instant expiresAt) {
    this(
        kind,
        namespace,
        credentialName,
        credentialId,
        username,
        userId,
        email,
        displayName,
        groups,
        roles,
        scopes,
        issuedAt,
        expiresAt,
        List.of());
  }

  /** An identity that an ApiUser owns, through one of its credentials or its password. */
  public static Identity ofUser(
      ApiUser user,
      String kind,
      String credentialName,
      String credentialId,
      List<String> scopes,
      Instant issuedAt,
      Instant expiresAt) {
    return new Identity(
        kind,
        user.getMetadata().getNamespace(),
        credentialName,
        credentialId,
        KeywardNames.username(user),
        user.getMetadata().getUid(),
        user.getSpec().getEmail(),
        user.getSpec().getDisplayName(),
        user.getSpec().getGroups(),
        user.getSpec().getRoles(),
        scopes,
        issuedAt,
        expiresAt);
  }

  /** The same identity with the credential's recorded last use. */
  public Identity withLastUsedAt(Instant recorded) {
    return new Identity(
        kind,
        namespace,
        credentialName,
        credentialId,
        username,
        userId,
        email,
        displayName,
        groups,
        roles,
        scopes,
        issuedAt,
        expiresAt,
        projects,
        recorded);
  }

  public Identity {
    groups = groups == null ? List.of() : List.copyOf(groups);
    roles = roles == null ? List.of() : List.copyOf(roles);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    projects = projects == null ? List.of() : List.copyOf(projects);
  }
}
