package dev.keyward.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.TestCluster;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the chart's values.schema.json (key, type, description) with
 * the defaults from values.yaml; on a mismatch the message shows the table to paste.
 */
class ReadmeConfigurationTableTest {

  private static final String START = "<!-- values-table:start -->";
  private static final String END = "<!-- values-table:end -->";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readmeTableMatchesValuesSchemaAndDefaults() throws Exception {
    JsonNode schema = JSON.readTree(HelmChart.directory().resolve("values.schema.json").toFile());
    JsonNode values =
        new ObjectMapper(new YAMLFactory())
            .readTree(HelmChart.directory().resolve("values.yaml").toFile());
    List<String> rows = new ArrayList<>();
    rows.add("| key | type | default | description |");
    rows.add("| --- | --- | --- | --- |");
    collect("", schema, values, rows);
    String expected = String.join("\n", rows);

    String readme = Files.readString(TestCluster.repoRoot().resolve("README.md"));
    assertThat(readme).contains(START).contains(END);
    String actual =
        readme.substring(readme.indexOf(START) + START.length(), readme.indexOf(END)).strip();
    assertThat(actual)
        .as("README configuration table; expected:\n%s\n", expected)
        .isEqualTo(expected);
  }

  /** A schema node with a description is one row; one without is a group of rows. */
  private static void collect(String prefix, JsonNode node, JsonNode defaults, List<String> rows) {
    for (Map.Entry<String, JsonNode> property : node.get("properties").properties()) {
      String key = prefix + property.getKey();
      JsonNode child = property.getValue();
      JsonNode value = defaults == null ? null : defaults.get(property.getKey());
      if (child.has("description")) {
        rows.add(
            "| `%s` | %s | %s | %s |"
                .formatted(key, type(child), format(value), child.get("description").asText()));
      } else {
        assertThat(child.has("properties"))
            .as("%s needs a description or properties", key)
            .isTrue();
        collect(key + ".", child, value, rows);
      }
    }
  }

  private static String type(JsonNode node) {
    JsonNode type = node.get("type");
    return type.isArray()
        ? String.join(
            " or ", StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText).toList())
        : type.asText();
  }

  private static String format(JsonNode value) {
    if (value == null || value.isNull()) {
      return "";
    }
    String text = value.isTextual() ? '"' + value.asText() + '"' : value.toString();
    return text.length() > 60 ? "see `values.yaml`" : "`" + text.replace("|", "\\|") + "`";
  }
}
