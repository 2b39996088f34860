package dev.keyward.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Error text safe for conditions and events: the kind of failure, never request contents. */
final class ErrorMessages {

  private ErrorMessages() {}

  static String safe(Exception e) {
    if (e instanceof KubernetesClientException k) {
      return "Kubernetes API call failed with HTTP " + k.getCode() + "; retrying";
    }
    return "reconcile failed (" + e.getClass().getSimpleName() + "); retrying";
  }
}
