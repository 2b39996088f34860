package dev.keyward.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs (or updates) Keyward's CRDs, as generated into the jar, and waits until served. */
public final class CrdInstaller {

  public static final List<String> CRD_NAMES =
      List.of(
          "apiusers.keyward.dev",
          "apitokens.keyward.dev",
          "applications.keyward.dev",
          "accessgrants.keyward.dev",
          "signingcredentials.keyward.dev");

  private CrdInstaller() {}

  public static void install(KubernetesClient client) {
    for (String name : CRD_NAMES) {
      String resource = "/META-INF/fabric8/" + name + "-v1.yml";
      try (InputStream in = CrdInstaller.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " missing from the classpath");
        }
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).forceConflicts().serverSideApply();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String name : CRD_NAMES) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(name)
          .waitUntilCondition(
              crd ->
                  crd != null
                      && crd.getStatus() != null
                      && crd.getStatus().getConditions() != null
                      && crd.getStatus().getConditions().stream()
                          .anyMatch(
                              c ->
                                  "Established".equals(c.getType())
                                      && "True".equals(c.getStatus())),
              30,
              TimeUnit.SECONDS);
    }
  }
}
