package dev.keyward.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Duration;

/**
 * Leader election settings: a Lease in the operator's namespace decides which replica reconciles.
 *
 * @param exitOnStopLeading in a pod, exit when leadership is lost so the kubelet restarts a clean
 *     follower; in-process (tests) keep running
 */
public record LeaderElection(
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean exitOnStopLeading) {

  public static final String DEFAULT_LEASE_NAME = "keyward-operator";

  /** Kubernetes' usual timings (15s lease, 10s renew deadline, 2s retry); identity = pod name. */
  public static LeaderElection inPod(String leaseName, String leaseNamespace) {
    return new LeaderElection(
        leaseName,
        leaseNamespace,
        null,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        true);
  }

  LeaderElectionConfiguration toConfiguration() {
    LeaderElectionConfigurationBuilder builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
            .withLeaseNamespace(leaseNamespace)
            .withLeaseDuration(leaseDuration)
            .withRenewDeadline(renewDeadline)
            .withRetryPeriod(retryPeriod)
            .withExitOnStopLeading(exitOnStopLeading);
    if (identity != null) {
      builder.withIdentity(identity);
    }
    return builder.build();
  }
}
