package dev.keyward.operator;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.api.Application;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.reconciler.AcceptingReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Keyward's reconcilers and services into one java-operator-sdk {@link Operator}. */
public final class KeywardOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeywardOperator.class);

  private final Operator operator;

  public KeywardOperator(KubernetesClient client, Clock clock) {
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10)));
    operator.register(new ApiUsers(clock));
    operator.register(new ApiTokens(clock));
    operator.register(new Applications(clock));
  }

  public void start() {
    operator.start();
    log.info(
        "Keyward operator started with {} controllers", operator.getRegisteredControllersNumber());
  }

  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  @Override
  public void close() {
    operator.stop();
    log.info("Keyward operator stopped");
  }

  @ControllerConfiguration(name = "apiuser")
  static final class ApiUsers extends AcceptingReconciler<ApiUser, ApiUserStatus> {
    ApiUsers(Clock clock) {
      super(clock, ApiUserStatus::new, "ApiUser");
    }
  }

  @ControllerConfiguration(name = "apitoken")
  static final class ApiTokens extends AcceptingReconciler<ApiToken, ApiTokenStatus> {
    ApiTokens(Clock clock) {
      super(clock, ApiTokenStatus::new, "ApiToken");
    }
  }

  @ControllerConfiguration(name = "application")
  static final class Applications extends AcceptingReconciler<Application, ApplicationStatus> {
    Applications(Clock clock) {
      super(clock, ApplicationStatus::new, "Application");
    }
  }
}
