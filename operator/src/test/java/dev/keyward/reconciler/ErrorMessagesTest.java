package dev.keyward.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

  @Test
  void aWrappedApiFailureIsNamedByItsHttpCodeAndNothingOfTheRequestShows() {
    KubernetesClientException refused =
        new KubernetesClientException("secrets \"kwt_secret\" is forbidden", 403, null);
    Exception wrapped = new IllegalStateException("reconcile of kwt_secret", refused);

    assertThat(ErrorMessages.safe(wrapped))
        .isEqualTo("Kubernetes API call failed with HTTP 403; retrying");
    assertThat(ErrorMessages.safe(new IllegalStateException("kwt_secret")))
        .isEqualTo("reconcile failed (IllegalStateException); retrying");
  }
}
