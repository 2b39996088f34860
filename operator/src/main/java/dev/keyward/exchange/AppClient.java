package dev.keyward.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** An authenticated Application, as the token exchange sees it: who, where, and what it may do. */
public record AppClient(
    String appId,
    String namespace,
    String name,
    String serviceAccount,
    List<String> roles,
    List<String> projects,
    Set<String> scopes,
    Duration tokenLifetime) {}
