package dev.keyward.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.local.LocalCluster;
import dev.keyward.local.LocalNode;
import java.util.Optional;

/**
 * The one-node part of the shared test cluster (containerd, a kubelet serving on the node address,
 * kube-proxy, CoreDNS, scheduler, workload and endpoint controllers: see {@link LocalNode}),
 * started once by the first test class tagged {@code node} that asks for it. Where it cannot run
 * (not root; containerd, kube-proxy, coredns, iptables, br_netfilter or the images missing) those
 * classes are skipped with the reason; everything else never starts it.
 *
 * <p>What a test uses: {@code node()} for the node ({@link LocalNode#importImage} to add an image
 * tarball, {@link LocalNode#hostAddressForPods()} for servers on the host), {@link
 * TestCluster#client()} and {@link TestCluster#cluster()}{@code .kubeconfig()} for the API, {@link
 * LocalNode#podLog} and {@link LocalNode#exec} for a container's output and commands.
 */
public final class TestNode {

  private static LocalNode node;

  private TestNode() {}

  public static synchronized LocalNode node() {
    if (node == null) {
      assumeAvailable();
      node = TestCluster.cluster().startNode();
    }
    return node;
  }

  /** Skips the calling test, with the reason, where no local node can run. */
  public static void assumeAvailable() {
    Optional<String> unavailable =
        LocalNode.unavailable(
            LocalCluster.binaryDirectory(
                System.getProperty("keyward.kube.version", LocalCluster.DEFAULT_VERSION)));
    assumeTrue(unavailable.isEmpty(), () -> "no local node: " + unavailable.orElseThrow());
  }
}
