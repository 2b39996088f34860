package dev.keyward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every command shares: the cluster options, {@code -o json}, and the output streams. */
abstract class KeywardCommand implements Callable<Integer> {

  /** How results are printed. */
  enum Format {
    text,
    json
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json, for scripts.")
  Format output;

  @Spec CommandSpec spec;

  @ParentCommand KubectlKeyward plugin;

  @Override
  public final Integer call() {
    try {
      return run();
    } finally {
      cluster.close();
    }
  }

  abstract int run();

  boolean json() {
    return output == Format.json;
  }

  InputStream input() {
    return plugin.input();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  void printJson(Object value) {
    try {
      out().println(JSON.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out().flush();
  }

  static ObjectMapper mapper() {
    return JSON;
  }
}
