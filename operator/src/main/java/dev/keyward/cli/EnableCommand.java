package dev.keyward.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl keyward enable|disable KIND/NAME}: sets spec.enabled. */
abstract class EnableCommand extends KeywardCommand {

  @Parameters(
      paramLabel = "KIND/NAME",
      description = "user/NAME, token/NAME or app/NAME.",
      converter = ResourceRef.Converter.class)
  ResourceRef ref;

  abstract boolean enabled();

  @Override
  int run() {
    Patches.setEnabled(cluster, ref, enabled());
    return Annotated.report(
        this, ref, Map.of("spec.enabled", enabled()), ref + (enabled() ? " enabled" : " disabled"));
  }

  @Command(
      name = "enable",
      description = "Set spec.enabled to true: the credential verifies again (keys are kept).")
  static final class Enable extends EnableCommand {
    @Override
    boolean enabled() {
      return true;
    }
  }

  @Command(
      name = "disable",
      description =
          "Set spec.enabled to false: the credential stops verifying at once; the key is kept, and"
              + " disabling a user disables every token it owns.")
  static final class Disable extends EnableCommand {
    @Override
    boolean enabled() {
      return false;
    }
  }
}
