package dev.keyward.local;

import java.nio.file.Path;
import java.util.List;

/**
 * A kube-controller-manager beside the local API server, so that owner-reference garbage
 * collection, namespace deletion and aggregated ClusterRoles (edit, admin, view) behave as in a
 * real cluster.
 */
final class ControllerManagerProcess {

  private ControllerManagerProcess() {}

  static List<String> command(Path binary, Path kubeconfig) {
    return List.of(
        binary.toString(),
        "--kubeconfig=" + kubeconfig,
        // clusterrole-aggregation folds aggregate-to-* ClusterRoles into view/edit/admin.
        "--controllers=garbagecollector,namespace,serviceaccount,clusterrole-aggregation",
        "--leader-elect=false",
        "--secure-port=0",
        "--concurrent-gc-syncs=5",
        "--v=0");
  }

  /**
   * A second controller manager for the local node: the workload controllers, and the node
   * lifecycle controller, which lifts the not-ready taint the API server puts on a new Node.
   */
  static List<String> nodeCommand(Path binary, Path kubeconfig) {
    return List.of(
        binary.toString(),
        "--kubeconfig=" + kubeconfig,
        "--controllers=deployment,replicaset,statefulset,daemonset,nodelifecycle",
        "--leader-elect=false",
        "--secure-port=0",
        "--v=0");
  }
}
