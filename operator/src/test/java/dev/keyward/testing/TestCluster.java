package dev.keyward.testing;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.Application;
import dev.keyward.local.LocalCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real kube-apiserver (with etcd and kube-controller-manager) shared by every test class of the
 * JVM; classes isolate themselves by namespace. The CRDs installed are the checked-in ones from
 * {@code crds/}, so the tests exercise exactly what users install.
 */
public final class TestCluster {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static LocalCluster cluster;
  private static KubernetesClient client;

  private TestCluster() {}

  public static synchronized LocalCluster cluster() {
    if (cluster == null) {
      cluster = LocalCluster.start();
      client = cluster.newClient();
      // The cluster suite installs the CRDs with the chart, as a user's helm install does.
      if (Boolean.parseBoolean(System.getProperty("keyward.test.install-crds", "true"))) {
        installCrds(client);
        awaitServed(client);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    client.close();
                    cluster.close();
                  }));
    }
    return cluster;
  }

  public static KubernetesClient client() {
    cluster();
    return client;
  }

  public static Path repoRoot() {
    return Path.of(System.getProperty("keyward.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** Creates a fresh namespace whose name starts with the given prefix. */
  public static String createNamespace(String prefix) {
    String name =
        (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                + "-"
                + NAMESPACES.incrementAndGet())
            .replaceAll("-+", "-");
    if (name.length() > 63) {
      name = name.substring(name.length() - 63).replaceAll("^-+", "");
    }
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  public static void deleteNamespace(String name) {
    client().namespaces().withName(name).delete();
  }

  /** Lists every Keyward kind once successfully, so the first test does not meet a fresh server. */
  private static void awaitServed(KubernetesClient client) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Class<? extends HasMetadata> kind :
        List.of(ApiUser.class, ApiToken.class, Application.class, AccessGrant.class)) {
      while (true) {
        try {
          client.resources(kind).inAnyNamespace().list();
          break;
        } catch (KubernetesClientException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }
  }

  private static void installCrds(KubernetesClient client) {
    List<Path> crds;
    try (Stream<Path> files = Files.list(repoRoot().resolve("crds"))) {
      crds = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : crds) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).forceConflicts().serverSideApply();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(
                c ->
                    c != null
                        && c.getStatus() != null
                        && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                x ->
                                    "Established".equals(x.getType())
                                        && "True".equals(x.getStatus())),
                30,
                TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
