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
    Instant lastUsedAt,
    boolean application) {

  /**
   * An ApiUser's identity without projects or recorded last use ({@link #ofApplication} for apps).
   */
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
        List.of(),
        null,
        false);
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
        recorded,
        application);
  }

  /**
   * An identity that an Application owns: its access tokens, its signing credentials. Its subject
   * names the kind ({@code <namespace>/application/<name>}), so no Application is ever taken for an
   * ApiUser of the same name.
   */
  public static Identity ofApplication(
      String kind,
      String namespace,
      String credentialName,
      String credentialId,
      String name,
      String appId,
      List<String> roles,
      List<String> scopes,
      Instant issuedAt,
      Instant expiresAt,
      List<String> projects) {
    return new Identity(
        kind,
        namespace,
        credentialName,
        credentialId,
        name,
        appId,
        null,
        null,
        List.of(),
        roles,
        scopes,
        issuedAt,
        expiresAt,
        projects,
        null,
        true);
  }

  /**
   * What a backend keys the caller on: {@code <namespace>/<username>} for an ApiUser, {@code
   * <namespace>/application/<name>} for an Application (a username has no {@code /}, so the two
   * never meet).
   */
  public String subject() {
    return application ? namespace + "/application/" + username : namespace + "/" + username;
  }

  public Identity {
    groups = groups == null ? List.of() : List.copyOf(groups);
    roles = roles == null ? List.of() : List.copyOf(roles);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    projects = projects == null ? List.of() : List.copyOf(projects);
  }
}
