package dev.keyward.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The ClusterRoles the default role map binds (keyward-researcher, keyward-editor,
 * keyward-administrator), from the same file the Helm chart installs them from.
 */
public final class ProjectClusterRoles {

  private static final String RESOURCE = "/project-cluster-roles.yaml";

  private ProjectClusterRoles() {}

  /** Creates or updates them. */
  public static List<HasMetadata> apply(KubernetesClient client) {
    try (InputStream in = ProjectClusterRoles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the classpath");
      }
      List<HasMetadata> roles = client.load(in).items();
      roles.forEach(r -> client.resource(r).forceConflicts().serverSideApply());
      return roles;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
