package dev.keyward.cli;

import dev.keyward.cli.ResourceView.ConditionView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubectl keyward status}: users, tokens and applications in one table. */
@Command(
    name = "status",
    description =
        "Show users, tokens and applications with phase, expiry, last use and their conditions in"
            + " plain words.")
final class StatusCommand extends KeywardCommand {

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List the resources of every namespace.")
  boolean allNamespaces;

  @Override
  int run() {
    List<ResourceView> resources = new ArrayList<>();
    for (KeywardKind kind : KeywardKind.values()) {
      var all = cluster.client().genericKubernetesResources(kind.context());
      List<GenericKubernetesResource> items =
          allNamespaces
              ? all.inAnyNamespace().list().getItems()
              : all.inNamespace(cluster.namespace()).list().getItems();
      items.forEach(item -> resources.add(new ResourceView(kind, item)));
    }
    if (json()) {
      printJson(Map.of("items", resources.stream().map(StatusCommand::asJson).toList()));
      return ExitCode.OK;
    }
    if (resources.isEmpty()) {
      out()
          .println(
              allNamespaces
                  ? "No Keyward resources found."
                  : "No Keyward resources found in namespace " + cluster.namespace() + ".");
      return ExitCode.OK;
    }
    Table table =
        allNamespaces
            ? new Table("NAMESPACE", "KIND", "NAME", "PHASE", "EXPIRES", "LAST USED", "CONDITIONS")
            : new Table("KIND", "NAME", "PHASE", "EXPIRES", "LAST USED", "CONDITIONS");
    for (ResourceView r : resources) {
      List<String> row = new ArrayList<>();
      if (allNamespaces) {
        row.add(r.namespace());
      }
      row.add(r.kind().kind());
      row.add(r.name());
      row.add(r.phase().orElse("-"));
      row.add(r.expiresAt().orElse(r.kind().hasCredential() ? "never" : "-"));
      row.add(r.lastUsedAt().orElse("-"));
      row.add(summary(r));
      table.add(row);
    }
    table.print(out());
    return ExitCode.OK;
  }

  /** The conditions in plain words: what is wrong, or that all is well. */
  static String summary(ResourceView r) {
    if (r.phase().isEmpty()) {
      return "not reconciled yet";
    }
    List<String> failing =
        r.conditions().stream()
            // Unknown conditions were not checked: the failing one before them says why.
            .filter(c -> "False".equals(c.status()) && !"Ready".equals(c.type()))
            .map(ConditionView::message)
            .filter(m -> !m.isBlank())
            .toList();
    if (!failing.isEmpty()) {
      return String.join("; ", failing);
    }
    Optional<String> expiring =
        r.conditions().stream()
            .filter(c -> c.isTrue() && "ExpiringSoon".equals(c.type()))
            .map(ConditionView::message)
            .findFirst();
    if (expiring.isPresent()) {
      return expiring.get();
    }
    return r.conditions().stream()
        .filter(c -> "Ready".equals(c.type()))
        .map(ConditionView::message)
        .filter(m -> !m.isBlank())
        .findFirst()
        .orElse(r.active() ? "ready" : "");
  }

  private static Map<String, Object> asJson(ResourceView r) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("kind", r.kind().kind());
    item.put("namespace", r.namespace());
    item.put("name", r.name());
    item.put("phase", r.phase().orElse(null));
    item.put("expiresAt", r.expiresAt().orElse(null));
    item.put("lastUsedAt", r.lastUsedAt().orElse(null));
    item.put("summary", summary(r));
    item.put(
        "conditions",
        r.conditions().stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("type", c.type());
                  m.put("status", c.status());
                  m.put("reason", c.reason());
                  m.put("message", c.message());
                  return m;
                })
            .toList());
    return item;
  }
}
