package dev.keyward.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A local cluster started a minute and a half before midnight comes up. */
class LocalClusterMidnightIT {

  @Test
  void localClusterStartedJustBeforeMidnightComesUp() {
    ZoneId zone = ZoneId.systemDefault();
    Instant beforeMidnight = LocalDate.now(zone).atTime(23, 58, 30).atZone(zone).toInstant();
    Clock clock = Clock.offset(Clock.system(zone), Duration.between(Instant.now(), beforeMidnight));

    try (LocalCluster cluster = LocalCluster.start(clock);
        KubernetesClient client = cluster.newClient()) {
      assertThat(client.namespaces().withName("default").get()).isNotNull();
      assertThat(cluster.processes()).allMatch(ProcessHandle::isAlive);
    }
  }
}
