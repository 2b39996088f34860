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
   * A second controller manager for the local node: the workload controllers (deployments, replica
   * sets, stateful sets, daemon sets, jobs, cron jobs), the node lifecycle controller, which lifts
   * the not-ready taint the API server puts on a new Node, the endpoints and EndpointSlice
   * controllers, so that Services get their pods as endpoints, the publisher of the {@code
   * kube-root-ca.crt} ConfigMap ({@code rootCa}: the CA pods verify the API server with) and the
   * ServiceAccount token controller, which fills Secrets of type {@code
   * kubernetes.io/service-account-token} (signed with {@code serviceAccountKey}, the API server's
   * signing key), and the disruption controller, which keeps PodDisruptionBudgets' status current
   * so that evictions honour them.
   */
  static List<String> nodeCommand(
      Path binary, Path kubeconfig, Path rootCa, Path serviceAccountKey) {
    return List.of(
        binary.toString(),
        "--kubeconfig=" + kubeconfig,
        "--controllers=deployment,replicaset,statefulset,daemonset,nodelifecycle,job-controller,"
            + "cronjob-controller,endpoints-controller,endpointslice-controller,"
            + "endpointslice-mirroring-controller,root-ca-certificate-publisher-controller,"
            + "serviceaccount-token-controller,disruption",
        "--root-ca-file=" + rootCa,
        "--service-account-private-key-file=" + serviceAccountKey,
        "--leader-elect=false",
        "--secure-port=0",
        "--v=0");
  }
}
