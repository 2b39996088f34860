package dev.keyward.reconciler;

import static dev.keyward.reconciler.Fixtures.NOW;
import static dev.keyward.reconciler.Fixtures.observed;
import static dev.keyward.reconciler.Fixtures.signing;
import static dev.keyward.reconciler.Fixtures.signingStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.keyward.api.KeywardNames;
import dev.keyward.api.SigningCredential;
import dev.keyward.event.Reason;
import dev.keyward.reconciler.ObservedSigningCredential.Owner;
import dev.keyward.signing.SigningAlgorithm;
import dev.keyward.signing.SigningKeyKeeper;
import dev.keyward.signing.SigningKeyKeeper.Outcome;
import dev.keyward.signing.SigningKeyMaterial;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every phase and reason of a SigningCredential's decision, on hand-built resources: the chain, the
 * judgement after the key was kept, the conditions and the Event of each verdict.
 */
class SigningChecksTest {

  private static final String ISSUED_AT = NOW.minusSeconds(60).toString();
  private static final SigningKeyMaterial KEY = SigningKeyMaterial.generate(SigningAlgorithm.EdDSA);

  private static final Owner ALICE = new Owner("ApiUser", "alice", "user-uid", true, null);
  private static final Owner PIPELINE =
      new Owner("Application", "pipeline", "app-uid", true, "app-id");

  private static SigningKeyKeeper.Result kept(Outcome outcome) {
    return new SigningKeyKeeper.Result(outcome, Optional.of(KEY), ISSUED_AT);
  }

  /** Decides, then — when the owner checks passed — judges the key as kept with {@code outcome}. */
  private static SigningChecks.Judgement judge(ObservedSigningCredential o, Outcome outcome) {
    DecisionChain.Decision decision = SigningChecks.CHAIN.decide(o);
    if (!SigningChecks.keepsKey(decision)) {
      return SigningChecks.withoutKey(decision);
    }
    SigningKeyKeeper.Result result =
        outcome == Outcome.SECRET_CONFLICT
            ? new SigningKeyKeeper.Result(outcome, Optional.empty(), null)
            : kept(outcome);
    return SigningChecks.afterKey(o, decision, result);
  }

  private static SigningCredential rotated(SigningCredential credential, String request) {
    credential.getMetadata().setAnnotations(Map.of(KeywardNames.ROTATE_ANNOTATION, request));
    return credential;
  }

  private static Reason event(SigningChecks.Judgement judged) {
    return EventTable.forSigningReady(judged.verdict()).orElseThrow().reason();
  }

  @Test
  void aMissingOwnerWaitsInPendingWithoutAKey() {
    ObservedSigningCredential o =
        observed(signing("alice", null), signingStatus(null), Optional.empty());

    assertThat(SigningChecks.keepsKey(SigningChecks.CHAIN.decide(o))).isFalse();
    SigningChecks.Judgement judged = judge(o, Outcome.ISSUED);

    assertThat(judged.phase()).isEqualTo(Phase.Pending);
    assertThat(judged.verdict().message())
        .isEqualTo(
            "ApiUser alice does not exist in this namespace; the credential becomes Active when"
                + " it appears");
    assertThat(judged.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.KeyReady, "False", ConditionReason.OwnerMissing),
            tuple(ConditionType.Ready, "False", ConditionReason.OwnerMissing));
    assertThat(event(judged)).isEqualTo(Reason.OwnerMissing);
    assertThat(o.status().getKeyId()).isNull();
  }

  @Test
  void anApplicationWithoutItsAppIdWaitsInPending() {
    Owner noAppId = new Owner("Application", "pipeline", "app-uid", true, null);
    SigningChecks.Judgement judged =
        judge(
            observed(signing(null, "pipeline"), signingStatus(null), Optional.of(noAppId)),
            Outcome.ISSUED);

    assertThat(judged.phase()).isEqualTo(Phase.Pending);
    assertThat(judged.verdict().reason()).isEqualTo(ConditionReason.OwnerMissing);
    assertThat(judged.verdict().message())
        .isEqualTo(
            "Application pipeline has no appId yet; the credential becomes Active when it has one");
    assertThat(event(judged)).isEqualTo(Reason.OwnerMissing);
  }

  @Test
  void aReCreatedOwnerIsInvalidUntilANewRotationRequestBindsIt() {
    ObservedSigningCredential refused =
        observed(signing("alice", null), signingStatus("old-uid"), Optional.of(ALICE));
    SigningChecks.Judgement judged = judge(refused, Outcome.ISSUED);

    assertThat(judged.phase()).isEqualTo(Phase.Invalid);
    assertThat(judged.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.KeyReady, "False", ConditionReason.OwnerReplaced),
            tuple(ConditionType.Ready, "False", ConditionReason.OwnerReplaced));
    assertThat(judged.verdict().message()).contains("ApiUser alice was deleted and re-created");
    assertThat(event(judged)).isEqualTo(Reason.OwnerReplaced);

    // A rotation request already acted on binds nobody; a new one binds the new owner.
    var acted = signingStatus("old-uid");
    acted.setLastRotationRequest("1");
    ObservedSigningCredential stale =
        observed(rotated(signing("alice", null), "1"), acted, Optional.of(ALICE));
    assertThat(SigningChecks.keepsKey(SigningChecks.CHAIN.decide(stale))).isFalse();

    ObservedSigningCredential rebound =
        observed(rotated(signing("alice", null), "2"), acted, Optional.of(ALICE));
    SigningChecks.Judgement bound = judge(rebound, Outcome.ROTATED);
    assertThat(bound.phase()).isEqualTo(Phase.Active);
    assertThat(rebound.status().getOwner()).isEqualTo("user-uid");
    assertThat(rebound.status().getLastRotationRequest()).isEqualTo("2");
    assertThat(rebound.status().getRotatedAt()).isEqualTo(NOW.toString());
  }

  @Test
  void anEnabledCredentialOfAnEnabledOwnerIsActiveAndPublishesItsKey() {
    ObservedSigningCredential o =
        observed(signing("alice", null), signingStatus(null), Optional.of(ALICE));
    SigningChecks.Judgement judged = judge(o, Outcome.ISSUED);

    assertThat(judged.verdict())
        .isEqualTo(
            new Verdict(
                Phase.Active,
                ConditionReason.Activated,
                "JWTs with iss credential-uid signed with key "
                    + KEY.keyId()
                    + " (EdDSA) verify for ApiUser alice"));
    assertThat(judged.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.KeyReady, "True", ConditionReason.KeyInSecret),
            tuple(ConditionType.Ready, "True", ConditionReason.Activated));
    assertThat(judged.keyReady().message())
        .isEqualTo("the EdDSA key " + KEY.keyId() + " is in the Secret");
    assertThat(EventTable.forSigningReady(judged.verdict()))
        .contains(new EventTable.Event(Reason.Activated, judged.verdict().message()));
    assertThat(o.status().getOwner()).isEqualTo("user-uid");
    assertThat(o.status().getOwnerKind()).isEqualTo("ApiUser");
    assertThat(o.status().getClientId()).isNull();
    assertThat(o.status().getAlgorithm()).isEqualTo("EdDSA");
    assertThat(o.status().getKeyId()).isEqualTo(KEY.keyId());
    assertThat(o.status().getPublicKey()).isEqualTo(KEY.publicKeyPem().orElseThrow());
    assertThat(o.status().getIssuedAt()).isEqualTo(ISSUED_AT);
    assertThat(o.status().getRotatedAt()).as("issued, not rotated").isNull();
  }

  @Test
  void anApplicationsCredentialRecordsItsAppIdAsClientId() {
    ObservedSigningCredential o =
        observed(signing(null, "pipeline"), signingStatus(null), Optional.of(PIPELINE));
    SigningChecks.Judgement judged = judge(o, Outcome.UNCHANGED);

    assertThat(judged.phase()).isEqualTo(Phase.Active);
    assertThat(judged.verdict().message()).endsWith("verify for Application pipeline");
    assertThat(o.status().getOwnerKind()).isEqualTo("Application");
    assertThat(o.status().getClientId()).isEqualTo("app-id");
  }

  @Test
  void aDisabledCredentialKeepsItsKeyAndIsDisabled() {
    SigningCredential credential = signing("alice", null);
    credential.getSpec().setEnabled(false);
    ObservedSigningCredential o = observed(credential, signingStatus(null), Optional.of(ALICE));

    DecisionChain.Decision decision = SigningChecks.CHAIN.decide(o);
    assertThat(decision.stoppedWith(ConditionReason.Disabled)).isTrue();
    assertThat(SigningChecks.keepsKey(decision)).as("the key is kept while disabled").isTrue();
    SigningChecks.Judgement judged = judge(o, Outcome.UNCHANGED);

    assertThat(judged.phase()).isEqualTo(Phase.Disabled);
    assertThat(judged.verdict().message())
        .isEqualTo("spec.enabled is false: JWTs signed with this credential do not verify");
    assertThat(judged.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.KeyReady, "True", ConditionReason.KeyInSecret),
            tuple(ConditionType.Ready, "False", ConditionReason.Disabled));
    assertThat(event(judged)).isEqualTo(Reason.Disabled);
    assertThat(o.status().getKeyId()).isEqualTo(KEY.keyId());
  }

  @Test
  void aDisabledOwnerDisablesTheCredential() {
    Owner disabled = new Owner("ApiUser", "alice", "user-uid", false, null);
    SigningChecks.Judgement judged =
        judge(
            observed(signing("alice", null), signingStatus(null), Optional.of(disabled)),
            Outcome.UNCHANGED);

    assertThat(judged.phase()).isEqualTo(Phase.Disabled);
    assertThat(judged.verdict().reason()).isEqualTo(ConditionReason.Disabled);
    assertThat(judged.verdict().message())
        .isEqualTo("ApiUser alice is disabled: JWTs signed with this credential do not verify");
    assertThat(judged.keyReady().status()).isEqualTo("True");
    assertThat(event(judged)).isEqualTo(Reason.Disabled);
  }

  @Test
  void aForeignSecretIsInvalidBeforeDisabledAndRecordsNoKey() {
    SigningCredential credential = signing("alice", null);
    credential.getSpec().setEnabled(false);
    ObservedSigningCredential o = observed(credential, signingStatus(null), Optional.of(ALICE));
    SigningChecks.Judgement judged = judge(o, Outcome.SECRET_CONFLICT);

    assertThat(judged.phase()).isEqualTo(Phase.Invalid);
    assertThat(judged.verdict().message())
        .isEqualTo(
            "Secret ci-key exists and is not owned by this SigningCredential; Keyward does not"
                + " overwrite it: delete it or set spec.secretName");
    assertThat(judged.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.KeyReady, "False", ConditionReason.SecretConflict),
            tuple(ConditionType.Ready, "False", ConditionReason.SecretConflict));
    assertThat(event(judged)).isEqualTo(Reason.SecretConflict);
    assertThat(o.status().getKeyId()).isNull();
    assertThat(o.status().getOwner()).isNull();
  }

  @Test
  void theOwnerIsCheckedBeforeTheCredentialsOwnSwitch() {
    SigningCredential credential = signing("alice", null);
    credential.getSpec().setEnabled(false);

    assertThat(judge(observed(credential, signingStatus(null), Optional.empty()), Outcome.ISSUED))
        .extracting(SigningChecks.Judgement::phase)
        .isEqualTo(Phase.Pending);
    assertThat(SigningChecks.CHAIN.checks())
        .extracting(Check::name)
        .containsExactly("ownerFound", "ownerHasAppId", "ownerBound", "enabled", "ownerEnabled");
  }

  @Test
  void aReasonThatIsNoReadyReasonOfASigningCredentialIsRefused() {
    for (ConditionReason reason :
        new ConditionReason[] {
          ConditionReason.Active, ConditionReason.OwnerNotFound, ConditionReason.KeyInSecret
        }) {
      assertThatThrownBy(() -> EventTable.forSigningReady(new Verdict(Phase.Invalid, reason, "m")))
          .as(reason.name())
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(
            EventTable.forSigningReady(
                new Verdict(Phase.Active, ConditionReason.ReconcileError, "m")))
        .isEmpty();
  }
}
