package dev.keyward.apiserver;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.token;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyward.api.ApiToken;
import dev.keyward.api.KeyHash;
import dev.keyward.cli.KubectlKeyward;
import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.server.VerificationServer;
import dev.keyward.testing.Applications;
import dev.keyward.testing.Http;
import dev.keyward.testing.JwksVerifier;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of {@code kubectl keyward} against the real API server, with the operator and the
 * verifier running in-process: text and {@code -o json} answers, exit codes, and no key printed.
 */
class KubectlKeywardIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "cli-test";

  private static VerificationServer server;
  private static KeywardOperator operator;
  private static String url;
  private static String ns;
  private static String key;

  /** What one run of the plugin answered. */
  record Run(int exitCode, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  static void start() {
    Applications.ensureProjectClusterRoles();
    String keys = TestCluster.createNamespace("cli-keys");
    // The verifier first, so that the operator can write its real URL into app Secrets.
    server =
        VerificationServer.start(
            TestCluster.client(),
            Clock.systemUTC(),
            0,
            ExchangeSettings.defaults("http://127.0.0.1", keys, TestOperator.exampleRoleMapSource())
                .withAudience(AUDIENCE));
    url = "http://127.0.0.1:" + server.port();
    operator =
        TestOperator.start(
            KeywardConfig.defaults(TestOperator.exampleRoleMapSource()).withPublicUrl(url));
    ns = TestCluster.createNamespace("cli");
    apply(ns, userYaml("alice", "roles: [runner]"));
    apply(ns, tokenYaml("ci", "alice", "scopes: [runners.read]"));
    apply(ns, tokenYaml("orphan", "nobody", "scopes: [runners.read]"));
    awaitTokenPhase(ns, "ci", "Active");
    awaitTokenPhase(ns, "orphan", "Pending");
    key = secretValue(ns, "ci", "token");
  }

  @AfterAll
  static void stop() {
    operator.close();
    server.close();
  }

  private static Run run(String stdin, String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    line.addAll(List.of("--kubeconfig", TestCluster.cluster().kubeconfig().toString(), "-n", ns));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        KubectlKeyward.execute(
            new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            line.toArray(String[]::new));
    Run run = new Run(code, out.toString(), err.toString());
    assertThat(run.out() + run.err()).as("the key is never printed").doesNotContain(key);
    return run;
  }

  @Test
  void statusShowsEveryResourceWithPhaseExpiryAndConditionsInPlainWords() throws Exception {
    Run table = run(null, "status");
    Run json = run(null, "status", "-o", "json");

    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .matches("KIND +NAME +PHASE +EXPIRES +LAST USED +CONDITIONS");
    assertThat(table.out())
        .containsPattern("ApiUser +alice +Active")
        .containsPattern("ApiToken +ci +Active +never")
        .containsPattern(
            "ApiToken +orphan +Pending +never +- +ApiUser nobody does not exist in this namespace");
    assertThat(json.exitCode()).isZero();
    JsonNode items = json.json().get("items");
    assertThat(items.size()).isGreaterThanOrEqualTo(3);
    JsonNode orphan = find(items, "orphan");
    assertThat(orphan.get("kind").asText()).isEqualTo("ApiToken");
    assertThat(orphan.get("namespace").asText()).isEqualTo(ns);
    assertThat(orphan.get("phase").asText()).isEqualTo("Pending");
    assertThat(orphan.has("expiresAt")).isTrue();
    assertThat(orphan.has("lastUsedAt")).isTrue();
    assertThat(orphan.get("summary").asText()).contains("ApiUser nobody does not exist");
    JsonNode owner = orphan.get("conditions").get(0);
    assertThat(owner.get("type").asText()).isEqualTo("OwnerFound");
    assertThat(owner.get("status").asText()).isEqualTo("False");
    assertThat(owner.get("reason").asText()).isEqualTo("OwnerNotFound");
  }

  @Test
  void explainTellsWhyAResourceIsNotActiveAndWhatToDo() throws Exception {
    Run pending = run(null, "explain", "token/orphan");
    Run json = run(null, "explain", "token/orphan", "-o", "json");
    Run active = run(null, "explain", "token/ci");

    assertThat(pending.exitCode()).isEqualTo(1);
    assertThat(pending.out())
        .contains("ApiToken orphan is Pending.")
        .contains(
            "OwnerFound fails: ApiUser nobody does not exist in this namespace (OwnerNotFound).")
        .contains("What to do:")
        .contains("Create the ApiUser named in spec.user in namespace " + ns);
    JsonNode answer = json.json();
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(answer.get("kind").asText()).isEqualTo("ApiToken");
    assertThat(answer.get("name").asText()).isEqualTo("orphan");
    assertThat(answer.get("phase").asText()).isEqualTo("Pending");
    assertThat(answer.get("active").asBoolean()).isFalse();
    assertThat(answer.get("sentences").get(0).asText()).isEqualTo("ApiToken orphan is Pending.");
    assertThat(answer.get("nextSteps").get(0).asText()).startsWith("Create the ApiUser");
    assertThat(active.exitCode()).isZero();
    assertThat(active.out()).startsWith("ApiToken ci is Active.").doesNotContain("What to do");
  }

  @Test
  void exitCodesTellNotFoundFromUsageErrors() {
    Run missing = run(null, "explain", "token/nope");
    Run badKind = run(null, "explain", "widget/x");
    Run noArgument = run(null, "rotate");
    Run userRotation = run(null, "rotate", "user/alice");
    Run badGrace = run(null, "rotate", "token/ci", "--grace", "soon");
    Run noServer = run(null, "verify", "--stdin", "--server", "http://127.0.0.1:1");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("ApiToken nope in namespace " + ns + " not found");
    assertThat(badKind.exitCode()).isEqualTo(2);
    assertThat(badKind.err()).contains("unknown kind 'widget'");
    assertThat(noArgument.exitCode()).isEqualTo(2);
    assertThat(userRotation.exitCode()).isEqualTo(2);
    assertThat(badGrace.exitCode()).isEqualTo(2);
    assertThat(noServer.exitCode()).as("no key on standard input").isEqualTo(2);
    assertThat(run("kw_x\n", "verify", "--stdin", "--server", "http://127.0.0.1:1").exitCode())
        .isEqualTo(3);
  }

  @Test
  void disableAndEnableSetSpecEnabledAndTheOperatorFollows() throws Exception {
    apply(ns, tokenYaml("switch", "alice", "scopes: [runners.read]"));
    awaitTokenPhase(ns, "switch", "Active");

    Run disabled = run(null, "disable", "token/switch", "-o", "json");

    assertThat(disabled.exitCode()).isZero();
    JsonNode answer = disabled.json();
    assertThat(answer.get("kind").asText()).isEqualTo("ApiToken");
    assertThat(answer.get("name").asText()).isEqualTo("switch");
    assertThat(answer.get("set").get("spec.enabled").asBoolean()).isFalse();
    assertThat(token(ns, "switch").getSpec().getEnabled()).isFalse();
    awaitTokenPhase(ns, "switch", "Disabled");

    Run enabled = run(null, "enable", "token/switch");

    assertThat(enabled.exitCode()).isZero();
    assertThat(enabled.out()).contains("ApiToken switch enabled");
    awaitTokenPhase(ns, "switch", "Active");
  }

  @Test
  void rotateWithGraceIssuesANewKeyAndKeepsThePreviousOneForThatLong() throws Exception {
    apply(ns, tokenYaml("rolling", "alice", "scopes: [runners.read]"));
    KeyHash before = awaitTokenPhase(ns, "rolling", "Active").getStatus().getKey();

    Run rotated = run(null, "rotate", "token/rolling", "--grace", "90s", "-o", "json");

    assertThat(rotated.exitCode()).as(rotated.err()).isZero();
    JsonNode set = rotated.json().get("set");
    assertThat(Instant.parse(set.get("keyward.dev/rotate").asText())).isNotNull();
    assertThat(set.get("keyward.dev/rotate-grace").asText()).isEqualTo("90s");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !before.getDigest().equals(token(ns, "rolling").getStatus().getKey().getDigest()));
    ApiToken after = token(ns, "rolling");
    KeyHash previous = after.getStatus().getPreviousKeys().get(0);
    assertThat(previous.getDigest()).isEqualTo(before.getDigest());
    assertThat(
            Duration.between(
                Instant.parse(after.getStatus().getRotatedAt()),
                Instant.parse(previous.getValidUntil())))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void deprecateShowsInStatusAndExplainUntilRotateBringsTheTokenBack() throws Exception {
    apply(ns, tokenYaml("old-consumer", "alice", "scopes: [runners.read]"));
    awaitTokenPhase(ns, "old-consumer", "Active");

    Run deprecated = run(null, "deprecate", "token/old-consumer", "-o", "json");

    assertThat(deprecated.exitCode()).as(deprecated.err()).isZero();
    assertThat(deprecated.json().get("set").has("keyward.dev/deprecate")).isTrue();
    awaitTokenPhase(ns, "old-consumer", "Deprecated");
    assertThat(run(null, "status").out())
        .containsPattern("ApiToken +old-consumer +Deprecated .*was deprecated at");
    Run explained = run(null, "explain", "token/old-consumer", "-o", "json");
    assertThat(explained.exitCode()).isEqualTo(1);
    assertThat(explained.json().get("nextSteps").toString())
        .contains("kubectl keyward rotate token/old-consumer");

    assertThat(run(null, "rotate", "token/old-consumer").exitCode()).isZero();
    awaitTokenPhase(ns, "old-consumer", "Active");
  }

  @Test
  void revokeSetsTheRevokeAnnotation() throws Exception {
    Run revoked = run(null, "revoke", "token/orphan", "-o", "json");

    assertThat(revoked.exitCode()).isZero();
    String at = revoked.json().get("set").get("keyward.dev/revoke").asText();
    assertThat(token(ns, "orphan").getMetadata().getAnnotations())
        .containsEntry("keyward.dev/revoke", at);
    assertThat(run(null, "revoke", "token/nope").exitCode()).isEqualTo(1);
  }

  @Test
  void whoamiAndVerifyAskTheVerifierWithoutPrintingTheKey() throws Exception {
    Run whoami = run(null, "whoami", "--from", "token/ci", "--server", url);
    Run whoamiJson = run(key + "\n", "whoami", "--stdin", "--server", url, "-o", "json");
    Run verify = run(null, "verify", "--secret", "ci", "--server", url, "-o", "json");
    Run refused = run("kw_notakey\n", "verify", "--stdin", "--server", url);

    assertThat(whoami.exitCode()).as(whoami.err()).isZero();
    assertThat(whoami.out()).containsPattern("username: +alice").contains("ApiToken/ci");
    assertThat(whoamiJson.json().get("username").asText()).isEqualTo("alice");
    assertThat(whoamiJson.json().get("credential").get("name").asText()).isEqualTo("ci");
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.json().get("valid").asBoolean()).isTrue();
    assertThat(verify.json().get("headers").get("X-Keyward-User").asText()).isEqualTo("alice");
    assertThat(verify.json().get("headers").get("X-Keyward-Scopes").asText())
        .isEqualTo("runners.read");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).contains("refused");
  }

  @Test
  void tokenExchangesTheApplicationsSecretForAnAccessToken() throws Exception {
    apply(ns, Applications.yaml("etl", "[researcher]", "[" + ns + "]", "tokenLifetime: 10m"));
    Applications.awaitPhase(ns, "etl", "Active");
    String appId = secretValue(ns, "etl", "appId");
    String appSecret = secretValue(ns, "etl", "appSecret");

    Run plain = run(null, "token", "app/etl");
    Run json = run(null, "token", "app/etl", "--scope", "jobs.read", "-o", "json");

    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(plain.out() + plain.err()).doesNotContain(appSecret);
    JwksVerifier verifier =
        new JwksVerifier(
            new Http(server.port(), "192.0.2.90").get("/.well-known/jwks.json").body(),
            "http://127.0.0.1",
            AUDIENCE);
    JWTClaimsSet claims = verifier.verify(plain.out().strip());
    assertThat(claims.getSubject()).isEqualTo(appId);
    assertThat(json.exitCode()).isZero();
    assertThat(json.json().get("token_type").asText()).isEqualTo("Bearer");
    assertThat(json.json().get("scope").asText()).isEqualTo("jobs.read");
    assertThat(json.json().get("expires_in").asLong()).isEqualTo(600L);
    assertThat(run(null, "token", "token/ci").exitCode()).isEqualTo(2);
  }

  @Test
  void kubectlRunsThePluginFromTheReleaseTarball(@TempDir Path dir) throws Exception {
    Path tarball = Path.of(System.getProperty("keyward.plugin.tarball"));
    assertThat(tarball).exists();
    assertThat(
            new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
                .start()
                .waitFor())
        .isZero();

    Run status = kubectlPlugin(dir, "status");
    Run missing = kubectlPlugin(dir, "explain", "token/nope");

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).containsPattern("ApiToken +ci +Active");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("not found");
  }

  /** {@code kubectl keyward ...} through the real kubectl, finding the plugin on PATH. */
  private static Run kubectlPlugin(Path pluginDir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(TestCluster.cluster().binary("kubectl").toString());
    command.add("keyward");
    command.addAll(List.of(args));
    command.addAll(
        List.of("--kubeconfig", TestCluster.cluster().kubeconfig().toString(), "-n", ns));
    ProcessBuilder builder = new ProcessBuilder(command);
    Path java = Path.of(System.getProperty("java.home"), "bin");
    builder
        .environment()
        .put("PATH", pluginDir + ":" + java + ":" + System.getenv().getOrDefault("PATH", ""));
    Process process = builder.start();
    process.getOutputStream().close();
    var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out, err.get());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode find(JsonNode items, String name) {
    for (JsonNode item : items) {
      if (name.equals(item.get("name").asText())) {
        return item;
      }
    }
    throw new AssertionError(name + " not in " + items);
  }
}
