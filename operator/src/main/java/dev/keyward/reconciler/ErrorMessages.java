package dev.keyward.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Error text safe for conditions and events: the kind of failure, never request contents. */
final class ErrorMessages {

  private ErrorMessages() {}

  /** Names the failed API call when one is behind the error, however deeply it was wrapped. */
  static String safe(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException k) {
        return "Kubernetes API call failed with HTTP " + k.getCode() + "; retrying";
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return "reconcile failed (" + e.getClass().getSimpleName() + "); retrying";
  }
}
