package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.api.KeywardNames;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.Reason;
import dev.keyward.lifecycle.PasswordKeeper;
import dev.keyward.lifecycle.UsernameClaim;
import dev.keyward.secret.ManagedSecrets;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.StatusPatch;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles ApiUsers: stable id and username (unique in the namespace), the count of owned tokens,
 * the password Secret and its Argon2id record, and the enabled state that the user's tokens follow.
 */
@ControllerConfiguration(name = "apiuser")
public class ApiUserReconciler implements Reconciler<ApiUser> {

  /**
   * A user-supplied password Secret is not watched (it is not Keyward's); re-read it this often.
   */
  static final Duration SUPPLIED_PASSWORD_RECHECK = Duration.ofMinutes(1);

  /**
   * A user refused for a username held by another looks again this often: the holder's deletion is
   * no event for it.
   */
  static final Duration USERNAME_RECHECK = Duration.ofSeconds(30);

  static final String BY_USERNAME_INDEX = "byUsername";

  private final PasswordKeeper passwords;
  private final EventRecorder events;
  private final ConditionSet conditions;
  private final String recordsNamespace;
  private final Duration recordSweepInterval;
  private final TokenOwners owners;

  /** How often token counts are compared with the users' statuses; at most one write per user. */
  static final Duration TOKEN_COUNT_INTERVAL = Duration.ofSeconds(1);

  /**
   * {@code recordsNamespace}: the operator's namespace, where the password records are kept;
   * records whose user is gone are swept every {@code recordSweepInterval}.
   */
  public ApiUserReconciler(
      PasswordKeeper passwords,
      EventRecorder events,
      Clock clock,
      String recordsNamespace,
      Duration recordSweepInterval,
      TokenOwners owners) {
    this.owners = owners;
    this.passwords = passwords;
    this.events = events;
    this.conditions = new ConditionSet(clock);
    this.recordsNamespace = recordsNamespace;
    this.recordSweepInterval = recordSweepInterval;
  }

  @Override
  public List<EventSource<?, ApiUser>> prepareEventSources(EventSourceContext<ApiUser> context) {
    context.getPrimaryCache().addIndexer(BY_USERNAME_INDEX, u -> List.of(UsernameClaim.key(u)));
    // Token counts come from the apitoken controller's cache; no second informer on ApiTokens.
    var tokens = new TokenCountSync(owners, context.getPrimaryCache(), TOKEN_COUNT_INTERVAL);
    // Password records live in the operator's namespace: their labels, not owner refs, name
    // the user.
    var secrets = ManagedSecrets.eventSource(ApiUser.class, context, this::recordUser);
    var sweep =
        new PasswordRecordSweep(
            context.getClient(),
            context.getPrimaryCache(),
            secrets,
            recordsNamespace,
            recordSweepInterval);
    return List.of(tokens, secrets, sweep);
  }

  /** The user of a password record; labels on a Secret elsewhere (a tenant's) wake nobody. */
  private Set<ResourceID> recordUser(Secret record) {
    if (!recordsNamespace.equals(record.getMetadata().getNamespace())) {
      return Set.of();
    }
    Map<String, String> labels = record.getMetadata().getLabels();
    String namespace = labels == null ? null : labels.get(KeywardNames.APIUSER_NAMESPACE_LABEL);
    String name = labels == null ? null : labels.get(KeywardNames.APIUSER_NAME_LABEL);
    return namespace == null || name == null ? Set.of() : Set.of(new ResourceID(name, namespace));
  }

  @Override
  public UpdateControl<ApiUser> reconcile(ApiUser user, Context<ApiUser> context) {
    ApiUserStatus before = user.getStatus() == null ? new ApiUserStatus() : user.getStatus();
    ApiUserStatus status = Serialization.clone(before);
    status.setId(user.getMetadata().getUid());
    status.setUsername(KeywardNames.username(user));
    status.setTokenCount(owners.count(user).orElse(before.getTokenCount()));

    Optional<ApiUser> holder =
        UsernameClaim.holder(
            context.getPrimaryCache().byIndex(BY_USERNAME_INDEX, UsernameClaim.key(user)));
    ObservedUser observed = new ObservedUser(user, status, holder, passwords.ensure(user, status));
    UserChecks.issuedPassword(observed)
        .ifPresent(message -> events.record(user, Reason.PasswordIssued, message));

    DecisionChain.Decision decision = UserChecks.CHAIN.decide(observed);
    Verdict verdict = UserChecks.verdict(observed, decision);
    conditions.rebuild(
        status,
        user.getMetadata().getGeneration(),
        verdict.phase(),
        UserChecks.conditions(observed, decision, verdict));
    if (!Objects.equals(before.getPhase(), status.getPhase())) {
      EventTable.forUserReady(verdict)
          .ifPresent(event -> events.record(user, event.reason(), event.message()));
    }
    UpdateControl<ApiUser> control =
        StatusPatch.ifChanged(user, before, status, ApiUser::new, context);
    if (user.getSpec().getPassword() != null
        && user.getSpec().getPassword().getSecretRef() != null) {
      control.rescheduleAfter(SUPPLIED_PASSWORD_RECHECK);
    }
    if (observed.usernameTaken()) {
      control.rescheduleAfter(USERNAME_RECHECK);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<ApiUser> updateErrorStatus(
      ApiUser user, Context<ApiUser> context, Exception e) {
    return ErrorStatus.report(user, ApiUserStatus::new, ApiUser::new, conditions, context, e);
  }
}
