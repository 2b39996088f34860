package dev.keyward.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The configuration of the local node, all under its directory: containerd's (sandbox image, CNI,
 * runc and network namespaces under the node directory), the CNI bridge network, the kubelet's
 * (cgroupfs under its own cgroup, pod logs, no image garbage collection, serving on the node
 * address with webhook authentication and authorization, the cluster DNS), kube-proxy's and
 * CoreDNS's. The kubelet, kube-proxy and CoreDNS run in the node's network namespace, where
 * loopback is the node's own: their kubeconfig ({@link #nodeKubeconfig()}) reaches the API server
 * at its advertise address.
 */
record NodeFiles(
    Path dir,
    Path socket,
    String cgroup,
    Path cniBin,
    String podSubnet,
    String podGateway,
    String nodeIp,
    Path clientCa,
    Path kubeletCertificate,
    Path kubeletKey) {

  /** The bridge inside the node's network namespace (each node has its own namespace). */
  static final String BRIDGE = "cbr0";

  static final int KUBELET_PORT = 10250;
  static final int KUBE_PROXY_HEALTHZ_PORT = 10256;
  static final int COREDNS_READY_PORT = 8181;
  static final int KUBE_ROUTER_HEALTH_PORT = 20244;

  Path containerdConfig() {
    return dir.resolve("containerd.toml");
  }

  Path kubeletConfig() {
    return dir.resolve("kubelet.yaml");
  }

  Path kubeProxyConfig() {
    return dir.resolve("kube-proxy.yaml");
  }

  Path corefile() {
    return dir.resolve("Corefile");
  }

  Path nodeKubeconfig() {
    return dir.resolve("kubeconfig");
  }

  Path podLogs() {
    return dir.resolve("pod-logs");
  }

  void write(String nodeKubeconfigYaml) {
    try {
      for (String sub :
          List.of("containerd", "cni", "ipam", "kubelet", "kubelet-pki", "pod-logs", "runc")) {
        Files.createDirectories(dir.resolve(sub));
      }
      Files.writeString(containerdConfig(), containerd());
      Files.writeString(dir.resolve("cni/10-keyward.conflist"), cni());
      Files.writeString(kubeletConfig(), kubelet());
      Files.writeString(kubeProxyConfig(), kubeProxy());
      Files.writeString(corefile(), corefileText());
      Files.writeString(nodeKubeconfig(), nodeKubeconfigYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NodeCleanup.createCgroup(cgroup);
  }

  private String containerd() {
    return """
        version = 2
        root = "%1$s/containerd/root"
        state = "%1$s/containerd/state"
        [grpc]
          address = "%2$s"
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "%3$s"
          netns_mounts_under_state_dir = true
          # Without CAP_SYS_RESOURCE (some VMs and containers) no process may lower its OOM score.
          restrict_oom_score_adj = %5$s
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "%4$s"
            conf_dir = "%1$s/cni"
          [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
            runtime_type = "io.containerd.runc.v2"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
              Root = "%1$s/runc"
        """
        .formatted(dir, socket, LocalNode.PAUSE_IMAGE, cniBin, !Capabilities.sysResource());
  }

  /** hairpinMode: a pod reaches itself through its own Service. */
  private String cni() {
    return """
        {"cniVersion": "0.4.0", "name": "keyward-node", "plugins": [
          {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false, "hairpinMode": true,
           "ipam": {"type": "host-local", "dataDir": "%s/ipam",
                    "ranges": [[{"subnet": "%s", "gateway": "%s"}]],
                    "routes": [{"dst": "0.0.0.0/0"}]}},
          {"type": "loopback"}
        ]}
        """
        .formatted(BRIDGE, dir, podSubnet, podGateway);
  }

  private String kubelet() {
    return """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        cgroupDriver: cgroupfs
        cgroupRoot: /%s
        failCgroupV1: false
        containerRuntimeEndpoint: unix://%s
        address: %s
        port: %d
        readOnlyPort: 0
        healthzBindAddress: 127.0.0.1
        healthzPort: 10248
        tlsCertFile: %s
        tlsPrivateKeyFile: %s
        authentication:
          anonymous:
            enabled: false
          webhook:
            enabled: true
            cacheTTL: 10s
          x509:
            clientCAFile: %s
        authorization:
          mode: Webhook
          webhook:
            cacheAuthorizedTTL: 10s
            cacheUnauthorizedTTL: 5s
        clusterDNS:
        - %s
        clusterDomain: %s
        failSwapOn: false
        podLogsDir: %s
        resolvConf: ""
        imageGCHighThresholdPercent: 100
        imageGCLowThresholdPercent: 99
        evictionHard:
          memory.available: "1Mi"
          nodefs.available: "1%%"
          imagefs.available: "1%%"
        localStorageCapacityIsolation: false
        serializeImagePulls: false
        """
        .formatted(
            cgroup,
            socket,
            nodeIp,
            KUBELET_PORT,
            kubeletCertificate,
            kubeletKey,
            clientCa,
            LocalNode.DNS_SERVICE_IP,
            LocalNode.CLUSTER_DOMAIN,
            podLogs());
  }

  List<String> kubeletCommand(Path binary) {
    return List.of(
        binary.toString(),
        "--config=" + kubeletConfig(),
        "--kubeconfig=" + nodeKubeconfig(),
        "--root-dir=" + dir.resolve("kubelet"),
        "--cert-dir=" + dir.resolve("kubelet-pki"),
        "--hostname-override=" + LocalNode.NODE_NAME,
        "--node-ip=" + nodeIp,
        "--v=1");
  }

  /**
   * iptables mode. No conntrack sysctls (maxPerCore 0, no timeouts): a sandbox may not allow them,
   * and the node's namespace does not need them. Health on the node address (the start-up waits for
   * it from the host), metrics on the node's loopback, NodePorts on the node address (which the
   * host reaches).
   */
  private String kubeProxy() {
    return """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        clientConnection:
          kubeconfig: %s
        mode: iptables
        clusterCIDR: %s
        hostnameOverride: %s
        bindAddress: %s
        healthzBindAddress: %s:%d
        metricsBindAddress: 127.0.0.1:10249
        nodePortAddresses: [primary]
        conntrack:
          maxPerCore: 0
          min: 0
          tcpEstablishedTimeout: 0s
          tcpCloseWaitTimeout: 0s
        iptables:
          minSyncPeriod: 0s
          syncPeriod: 30s
        """
        .formatted(
            nodeKubeconfig(),
            podSubnet,
            LocalNode.NODE_NAME,
            nodeIp,
            nodeIp,
            KUBE_PROXY_HEALTHZ_PORT);
  }

  List<String> kubeProxyCommand(Path binary) {
    return List.of(binary.toString(), "--config=" + kubeProxyConfig(), "--v=0");
  }

  /**
   * CoreDNS as the cluster does it: the {@code kubernetes} plugin for the cluster domain and the
   * reverse zones, on the node address. Nothing is forwarded: the node has no way out.
   */
  private String corefileText() {
    return """
        .:53 {
            bind %1$s
            errors
            ready %1$s:%2$d
            kubernetes %3$s in-addr.arpa ip6.arpa {
                kubeconfig %4$s keyward-node
                pods insecure
                fallthrough in-addr.arpa ip6.arpa
                ttl 5
            }
        }
        """
        .formatted(nodeIp, COREDNS_READY_PORT, LocalNode.CLUSTER_DOMAIN, nodeKubeconfig());
  }

  /**
   * kube-router as a NetworkPolicy controller only (iptables and ipset in the node's network
   * namespace; no routing, no service proxy: kube-proxy serves the Services).
   */
  List<String> kubeRouterCommand(Path binary) {
    return List.of(
        binary.toString(),
        "--kubeconfig=" + nodeKubeconfig(),
        "--run-firewall=true",
        "--run-router=false",
        "--run-service-proxy=false",
        "--enable-cni=false",
        "--enable-ipv6=false",
        "--hostname-override=" + LocalNode.NODE_NAME,
        "--health-port=" + KUBE_ROUTER_HEALTH_PORT,
        "--metrics-port=0",
        "--v=0");
  }

  List<String> corednsCommand(Path binary) {
    return List.of(binary.toString(), "-conf", corefile().toString());
  }
}
