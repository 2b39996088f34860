package dev.keyward.cli;

import dev.keyward.operator.ClientConfigs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.File;
import picocli.CommandLine.Option;

/** Where the plugin talks to: kubeconfig, context and namespace, as kubectl passes them on. */
final class ClusterOptions {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
  File kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context.")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "The namespace (default: the context's namespace).")
  String namespace;

  private KubernetesClient client;

  KubernetesClient client() {
    if (client == null) {
      Config config =
          kubeconfig != null
              ? Config.fromKubeconfig(context, kubeconfig)
              : Config.autoConfigure(context);
      client = ClientConfigs.client(config);
    }
    return client;
  }

  String namespace() {
    if (namespace != null) {
      return namespace;
    }
    String fromConfig = client().getNamespace();
    return fromConfig == null ? "default" : fromConfig;
  }

  Resource<GenericKubernetesResource> resource(ResourceRef ref) {
    return client()
        .genericKubernetesResources(ref.kind().context())
        .inNamespace(namespace())
        .withName(ref.name());
  }

  /** The resource, or a {@link CliFailure} with exit code 1 when it does not exist. */
  ResourceView get(ResourceRef ref) {
    GenericKubernetesResource resource = resource(ref).get();
    if (resource == null) {
      throw CliFailure.notFound(ref + " in namespace " + namespace());
    }
    return new ResourceView(ref.kind(), resource);
  }

  void close() {
    if (client != null) {
      client.close();
    }
  }
}
