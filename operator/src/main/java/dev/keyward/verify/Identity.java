package dev.keyward.verify;

import java.time.Instant;
import java.util.List;

/** Who a verified credential belongs to and what it may do. Carries no secret material. */
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
    Instant expiresAt) {

  public Identity {
    groups = groups == null ? List.of() : List.copyOf(groups);
    roles = roles == null ? List.of() : List.copyOf(roles);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }
}
