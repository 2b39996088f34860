package dev.keyward.rbac;

import dev.keyward.api.Application;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link ProjectBindings} reads the state it reconciles against: the namespaces of the
 * projects and the RoleBindings an Application already has. The operator answers from the informers
 * that also wake Applications up; {@link #fromApiServer} asks the API server, for use before those
 * exist.
 */
public interface ProjectCache {

  /** The namespace, if it exists. */
  Optional<Namespace> namespace(String name);

  /** Every RoleBinding Keyward made for the Application, in any namespace. */
  List<RoleBinding> bindingsOf(Application app);

  static ProjectCache fromApiServer(KubernetesClient client) {
    return new ProjectCache() {
      @Override
      public Optional<Namespace> namespace(String name) {
        return Optional.ofNullable(client.namespaces().withName(name).get());
      }

      @Override
      public List<RoleBinding> bindingsOf(Application app) {
        return ProjectBindings.listFromApiServer(client, app);
      }
    };
  }
}
