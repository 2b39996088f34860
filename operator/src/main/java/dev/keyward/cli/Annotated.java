package dev.keyward.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answer of the commands that change a resource: what was set, as text or JSON. */
final class Annotated {

  private Annotated() {}

  static int report(
      KeywardCommand command, ResourceRef ref, Map<String, ?> changes, String sentence) {
    if (command.json()) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("kind", ref.kind().kind());
      result.put("namespace", command.cluster.namespace());
      result.put("name", ref.name());
      Map<String, Object> set = new LinkedHashMap<>();
      changes.forEach(
          (k, v) -> {
            if (v != null) {
              set.put(k, v);
            }
          });
      result.put("set", set);
      command.printJson(result);
    } else {
      command.out().println(sentence);
      command.out().flush();
    }
    return ExitCode.OK;
  }
}
