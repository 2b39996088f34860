package dev.keyward.bench;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeywardNames;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.secret.SecretStore;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The write floor: a bare fabric8 client applying the tokens and doing, per token, the writes the
 * operator must do (one Secret create, one status patch), at the operator's concurrency.
 */
final class WriteFloor {

  private static final PatchContext STATUS_APPLY =
      new PatchContext.Builder()
          .withPatchType(PatchType.SERVER_SIDE_APPLY)
          .withFieldManager("keyward-bench-floor")
          .withForce(true)
          .build();

  private final KubernetesClient client;
  private final KeyFormat format = new KeyFormat(KeywardConfig.DEFAULT_TOKEN_PREFIX);
  private final ConditionSet conditions = new ConditionSet(Clock.systemUTC());
  private final SecretStore secrets;

  WriteFloor(KubernetesClient client) {
    this.client = client;
    this.secrets = new SecretStore(client);
  }

  /**
   * Runs the floor for {@code count} tokens; returns the seconds from the first write to all
   * Active.
   */
  double run(String namespace, int count, int concurrency, Duration timeout)
      throws InterruptedException {
    BenchObjects.createOwner(client, namespace);
    try (ActiveTokenWatch watch = new ActiveTokenWatch(client, namespace)) {
      long start = System.nanoTime();
      Parallel.forEach(
          0,
          count,
          concurrency,
          timeout,
          i -> writeAll(BenchObjects.createToken(client, namespace, i)));
      long end = watch.awaitActive(count, timeout);
      return (end - start) / 1e9;
    }
  }

  private void writeAll(ApiToken token) {
    String key = format.generate();
    String secretName = token.getMetadata().getName();
    secrets.write(
        token,
        Optional.empty(),
        secretName,
        "Opaque",
        Map.of(KeywardNames.TOKEN_DATA_KEY, key),
        key,
        Map.of(),
        Map.of());
    ApiToken patch = new ApiToken();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(token.getMetadata().getName())
            .withNamespace(token.getMetadata().getNamespace())
            .build());
    patch.setStatus(activeStatus(token, key, secretName));
    client.resource(patch).subresource("status").patch(STATUS_APPLY);
  }

  private ApiTokenStatus activeStatus(ApiToken token, String key, String secretName) {
    long generation = token.getMetadata().getGeneration();
    ApiTokenStatus status = new ApiTokenStatus();
    status.setId(token.getMetadata().getUid());
    status.setSecretName(secretName);
    status.setKey(KeyHasher.record(key, Instant.now().toString()));
    status.setPhase(Phase.Active.name());
    status.setObservedGeneration(generation);
    conditions.set(status, generation, "OwnerFound", true, "OwnerFound", "owned by ApiUser");
    conditions.set(status, generation, "ScopesAllowed", true, "ScopesAllowed", "scopes fit");
    conditions.set(status, generation, "SecretReady", true, "SecretReady", "the key is stored");
    conditions.set(status, generation, "Ready", true, "Active", "the key verifies");
    return status;
  }
}
