package dev.keyward.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl keyward explain token/NAME}: why it is not Active, and what to do. */
@Command(
    name = "explain",
    description =
        "Explain a resource's state: its phase, each condition as a sentence in the order the"
            + " operator checks them, and what to do next. Exit code 0 when it is Active, 1"
            + " otherwise.")
final class ExplainCommand extends KeywardCommand {

  @Parameters(
      paramLabel = "KIND/NAME",
      description = "user/NAME, token/NAME or app/NAME.",
      converter = ResourceRef.Converter.class)
  ResourceRef ref;

  @Override
  int run() {
    ResourceView resource = cluster.get(ref);
    Diagnosis diagnosis = Diagnosis.of(resource);
    if (json()) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("kind", resource.kind().kind());
      result.put("namespace", resource.namespace());
      result.put("name", resource.name());
      result.put("phase", resource.phase().orElse(null));
      result.put("active", resource.active());
      result.put("sentences", diagnosis.sentences());
      result.put("nextSteps", diagnosis.nextSteps());
      printJson(result);
    } else {
      diagnosis.sentences().forEach(out()::println);
      if (!diagnosis.nextSteps().isEmpty()) {
        out().println();
        out().println("What to do:");
        diagnosis.nextSteps().forEach(step -> out().println("  - " + step));
      }
      out().flush();
    }
    return resource.active() ? ExitCode.OK : ExitCode.NOT_OK;
  }
}
