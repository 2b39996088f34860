package dev.keyward.operator;

import dev.keyward.credential.KeyFormat;
import dev.keyward.event.EventRecorder;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.PasswordKeeper;
import dev.keyward.rbac.ApplicationRbac;
import dev.keyward.rbac.ApplicationServiceAccount;
import dev.keyward.rbac.ProjectBindings;
import dev.keyward.reconciler.ApiTokenReconciler;
import dev.keyward.reconciler.ApiUserReconciler;
import dev.keyward.reconciler.ApplicationReconciler;
import dev.keyward.secret.SecretStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Keyward's reconcilers and services into one java-operator-sdk {@link Operator}. */
public final class KeywardOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeywardOperator.class);

  private final Operator operator;

  public KeywardOperator(KubernetesClient client, KeywardConfig config) {
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10)));
    SecretStore secrets = new SecretStore(client);
    EventRecorder events = new EventRecorder(client, config.clock());
    KeyIssuer tokenKeys =
        new KeyIssuer(secrets, new KeyFormat(config.tokenPrefix()), config.crashPoint());
    operator.register(
        new ApiUserReconciler(
            new PasswordKeeper(secrets, config.crashPoint()), events, config.clock()));
    operator.register(new ApiTokenReconciler(tokenKeys, config.roleMap(), events, config.clock()));
    KeyIssuer appSecrets =
        new KeyIssuer(secrets, new KeyFormat(config.appSecretPrefix()), config.crashPoint());
    operator.register(
        new ApplicationReconciler(
            appSecrets,
            config.roleMap(),
            new ApplicationRbac(new ApplicationServiceAccount(client), new ProjectBindings(client)),
            events,
            config.clock(),
            config.tokenEndpoint()));
  }

  public void start() {
    operator.start();
    log.info(
        "Keyward operator started with {} controllers", operator.getRegisteredControllersNumber());
  }

  /** A registered controller by name (apiuser, apitoken, application), for health and tests. */
  public RegisteredController<?> controller(String name) {
    return operator
        .getRegisteredController(name)
        .orElseThrow(() -> new IllegalArgumentException("no controller " + name));
  }

  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  @Override
  public void close() {
    operator.stop();
    log.info("Keyward operator stopped");
  }
}
