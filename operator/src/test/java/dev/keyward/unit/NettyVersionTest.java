package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Netty on the class path is the one that fixed the HTTP/1.1 request smuggling and HTTP/2 flood
 * advisories, not an older one that a transitive dependency brought back.
 */
class NettyVersionTest {

  private static final int[] FIXED = {4, 1, 138};

  @Test
  void theHttpCodecsAtRunTimeAreAtLeastTheFixedRelease() {
    Map<String, Version> running = Version.identify();

    for (String artifact :
        new String[] {"netty-codec-http", "netty-codec-http2", "netty-handler"}) {
      assertThat(running).as(artifact).containsKey(artifact);
      String version = running.get(artifact).artifactVersion();
      assertThat(Arrays.compare(numbers(version), FIXED))
          .as(artifact + " " + version)
          .isNotNegative();
    }
  }

  /** "4.1.140.Final" → {4, 1, 140}. */
  private static int[] numbers(String version) {
    return Arrays.stream(version.split("\\.")).limit(3).mapToInt(Integer::parseInt).toArray();
  }
}
