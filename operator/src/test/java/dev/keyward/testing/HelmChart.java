package dev.keyward.testing;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders the Helm chart offline with helm-java (Helm 3 as a native library), as users would. */
public final class HelmChart {

  private HelmChart() {}

  public static Path directory() {
    return TestCluster.repoRoot().resolve("helm/keyward");
  }

  /** {@code helm template} with the given {@code --set} values; CRDs included. */
  public static String render(String release, String namespace, Map<String, Object> values) {
    TemplateCommand template =
        new Helm(directory()).template().withName(release).withNamespace(namespace);
    values.forEach(template::set);
    return template.call();
  }

  /** {@code helm template -f values.yaml}: for values that --set cannot express, such as lists. */
  public static List<HasMetadata> renderObjects(
      String release, String namespace, String valuesYaml) {
    try {
      Path file = Files.createTempFile("values", ".yaml");
      try {
        Files.writeString(file, valuesYaml);
        return objects(
            new Helm(directory())
                .template()
                .withName(release)
                .withNamespace(namespace)
                .withValuesFile(file)
                .call());
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<HasMetadata> renderObjects(
      String release, String namespace, Map<String, Object> values) {
    return objects(render(release, namespace, values));
  }

  private static List<HasMetadata> objects(String rendered) {
    return Arrays.stream(rendered.split("(?m)^---\\s*$"))
        .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
        .map(doc -> (HasMetadata) Serialization.unmarshal(doc, HasMetadata.class))
        .toList();
  }

  public static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public static <T extends HasMetadata> Optional<T> named(
      List<HasMetadata> objects, Class<T> type, String name) {
    return ofType(objects, type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst();
  }
}
