package dev.keyward.rbac;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Namespaces the operator never binds in, whatever the Application, the role map or a grant says:
 * its own namespace (where its signing keys live) and a deny-list of patterns ({@code kube-*} by
 * default; {@code *} matches any run of characters). Also how often orphaned bindings are swept.
 */
public record BindingLimits(
    String operatorNamespace, List<String> deniedNamespaces, Duration orphanSweepInterval) {

  public static final List<String> DEFAULT_DENIED = List.of("kube-*");
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(5);

  public BindingLimits {
    deniedNamespaces = deniedNamespaces == null ? List.of() : List.copyOf(deniedNamespaces);
    if (orphanSweepInterval == null || orphanSweepInterval.isNegative()) {
      orphanSweepInterval = DEFAULT_SWEEP_INTERVAL;
    }
  }

  /** The defaults, for an operator whose own namespace is not known (outside a pod). */
  public static BindingLimits defaults() {
    return new BindingLimits(null, DEFAULT_DENIED, DEFAULT_SWEEP_INTERVAL);
  }

  public BindingLimits withOperatorNamespace(String namespace) {
    return new BindingLimits(namespace, deniedNamespaces, orphanSweepInterval);
  }

  public BindingLimits withOrphanSweepInterval(Duration interval) {
    return new BindingLimits(operatorNamespace, deniedNamespaces, interval);
  }

  /** Why nothing may be bound in the namespace, or empty when the limits allow it. */
  public Optional<String> refusal(String namespace) {
    if (namespace.equals(operatorNamespace)) {
      return Optional.of("it is the operator's own namespace");
    }
    return deniedNamespaces.stream()
        .filter(pattern -> matches(pattern, namespace))
        .findFirst()
        .map(pattern -> "it matches the operator's deny-list (" + pattern + ")");
  }

  static boolean matches(String pattern, String namespace) {
    String regex =
        String.join(
            ".*",
            java.util.Arrays.stream(pattern.split("\\*", -1))
                .map(java.util.regex.Pattern::quote)
                .toList());
    return namespace.matches(regex);
  }
}
