package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.testing.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KEYWARD_LOG_FORMAT=json makes the shipped logback configuration write one JSON object a line. */
class JsonLogFormatTest {

  private static final Path LOGBACK =
      TestCluster.repoRoot().resolve("operator/src/main/resources/logback.xml");

  private static List<String> logWith(String format) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setProperty("KEYWARD_LOG_FORMAT", format);
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LOGBACK.toFile());
      context.getLogger("dev.keyward.operator.KeywardOperator").info("started {} controllers", 3);
    } finally {
      context.stop();
      System.setErr(original);
      System.clearProperty("KEYWARD_LOG_FORMAT");
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void jsonFormatWritesOneParsableObjectPerLine() throws Exception {
    List<String> lines = logWith("json");
    assertThat(lines).isNotEmpty();
    JsonNode event = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(event.get("level").asText()).isEqualTo("INFO");
    assertThat(event.get("loggerName").asText()).isEqualTo("dev.keyward.operator.KeywardOperator");
    assertThat(event.get("formattedMessage").asText()).isEqualTo("started 3 controllers");
    assertThat(event.has("timestamp")).isTrue();
  }

  @Test
  void textFormatIsTheDefault() throws Exception {
    List<String> lines = logWith("text");
    assertThat(lines)
        .last()
        .asString()
        .contains("INFO", "started 3 controllers")
        .doesNotStartWith("{");
  }
}
