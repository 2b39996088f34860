package dev.keyward.build;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.Application;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Gives every generated CRD the description of its kind, taken from the kind's
 * {@code @JsonClassDescription}, so that {@code kubectl explain apitoken} describes the resource.
 *
 * <p>The fabric8 CRD generator 7.5.x writes field descriptions but drops the one at the root of the
 * schema (fixed in 7.8.0, which this build cannot use yet). Run after the generator, on the files
 * it wrote; a file that already has a root description is left as it is, so running twice or after
 * an upgraded generator changes nothing.
 */
public final class CrdRootDescriptions {

  static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(ApiUser.class, ApiToken.class, Application.class);

  private static final String ROOT = "      openAPIV3Schema:\n";
  private static final String ROOT_DESCRIPTION = "        description: ";

  private CrdRootDescriptions() {}

  /** Arguments: the directory holding the generated CRDs ({@code META-INF/fabric8}). */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CrdRootDescriptions <generated CRD directory>");
    }
    Path directory = Path.of(args[0]);
    for (Class<? extends CustomResource<?, ?>> kind : KINDS) {
      Path file = directory.resolve(CustomResource.getCRDName(kind) + "-v1.yml");
      String yaml = Files.readString(file);
      String described = withRootDescription(yaml, description(kind));
      if (!described.equals(yaml)) {
        Files.writeString(file, described);
      }
    }
  }

  /** The kind's description as written in its {@code @JsonClassDescription}. */
  static String description(Class<?> kind) {
    JsonClassDescription annotation = kind.getAnnotation(JsonClassDescription.class);
    if (annotation == null || annotation.value().isBlank()) {
      throw new IllegalStateException(kind.getSimpleName() + " lacks @JsonClassDescription");
    }
    return annotation.value();
  }

  /** The CRD with the description placed first under each version's {@code openAPIV3Schema}. */
  static String withRootDescription(String crdYaml, String description) throws IOException {
    if (!crdYaml.contains(ROOT)) {
      throw new IllegalStateException("no openAPIV3Schema in the generated CRD");
    }
    if (crdYaml.contains(ROOT + ROOT_DESCRIPTION)) {
      return crdYaml;
    }
    // A JSON string is a valid double-quoted YAML scalar.
    String quoted = new ObjectMapper().writeValueAsString(description);
    return crdYaml.replace(ROOT, ROOT + ROOT_DESCRIPTION + quoted + "\n");
  }
}
