package dev.keyward.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Builds Keyward's Kubernetes clients. A configuration that authenticates with a client certificate
 * and no token gets a token provider that answers "no token": fabric8's token refresh otherwise
 * re-reads and re-parses the kubeconfig and its certificates before every request once the client
 * is a minute old (it only records a refresh that found a token), which cost the operator about a
 * sixth of its CPU in the reconcile benchmark. Configurations with a token (a service account in a
 * pod, exec or auth-provider plugins) are left as they are, so their tokens are still refreshed.
 * Requests go through {@link ReconnectingHttpClientFactory}, so a connection the API server closed
 * under a request is retried instead of failing it.
 */
public final class ClientConfigs {

  private ClientConfigs() {}

  public static KubernetesClient client(Config config) {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new ReconnectingHttpClientFactory())
        .withConfig(withoutCertificateRefresh(config))
        .build();
  }

  /** The configuration, with no per-request refresh when it authenticates by certificate only. */
  public static Config withoutCertificateRefresh(Config config) {
    boolean token = config.getOauthToken() != null && !config.getOauthToken().isEmpty();
    boolean certificate = config.getClientCertData() != null || config.getClientCertFile() != null;
    if (!token
        && config.getOauthTokenProvider() == null
        && config.getAuthProvider() == null
        && certificate) {
      config.setOauthTokenProvider(() -> null);
    }
    return config;
  }
}
