package dev.keyward.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The configuration of the local node, all under its directory: containerd's (sandbox image, CNI,
 * runc and network namespaces under the node directory), the CNI bridge network, and the kubelet's
 * (cgroupfs under its own cgroup, pod logs, no image garbage collection, API on loopback only).
 */
record NodeFiles(
    Path dir,
    Path socket,
    String cgroup,
    Path cniBin,
    String bridge,
    String podSubnet,
    String gateway) {

  Path containerdConfig() {
    return dir.resolve("containerd.toml");
  }

  Path kubeletConfig() {
    return dir.resolve("kubelet.yaml");
  }

  Path podLogs() {
    return dir.resolve("pod-logs");
  }

  void write() {
    try {
      for (String sub :
          List.of("containerd", "cni", "ipam", "kubelet", "kubelet-pki", "pod-logs", "runc")) {
        Files.createDirectories(dir.resolve(sub));
      }
      Files.writeString(containerdConfig(), containerd());
      Files.writeString(dir.resolve("cni/10-keyward.conflist"), cni());
      Files.writeString(kubeletConfig(), kubelet());
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
        .formatted(bridge, dir, podSubnet, gateway);
  }

  private String kubelet() {
    return """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        cgroupDriver: cgroupfs
        cgroupRoot: /%s
        failCgroupV1: false
        containerRuntimeEndpoint: unix://%s
        address: 127.0.0.1
        port: %d
        readOnlyPort: 0
        healthzBindAddress: 127.0.0.1
        healthzPort: %d
        authentication:
          anonymous:
            enabled: false
          webhook:
            enabled: false
        authorization:
          mode: AlwaysAllow
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
            io.fabric8.kubeapitest.Utils.findFreePort(),
            io.fabric8.kubeapitest.Utils.findFreePort(),
            podLogs());
  }

  List<String> kubeletCommand(Path binary, Path kubeconfig) {
    return List.of(
        binary.toString(),
        "--config=" + kubeletConfig(),
        "--kubeconfig=" + kubeconfig,
        "--root-dir=" + dir.resolve("kubelet"),
        "--cert-dir=" + dir.resolve("kubelet-pki"),
        "--hostname-override=" + LocalNode.NODE_NAME,
        "--v=1");
  }
}
