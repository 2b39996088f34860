package dev.keyward.reconciler;

import static dev.keyward.reconciler.Check.Result.pass;
import static dev.keyward.reconciler.Check.Result.stop;
import static dev.keyward.status.ConditionType.KeyReady;

import dev.keyward.api.SigningCredentialStatus;
import dev.keyward.signing.SigningKeyKeeper;
import dev.keyward.signing.SigningKeyMaterial;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The decision chain of a SigningCredential, in order: owner found, owner has its appId (an
 * Application), owner bound (not re-created under the same name), credential enabled, owner
 * enabled. Once the owner checks pass the key is kept in the Secret ({@code KeyReady}), whether or
 * not the credential is enabled: a disabled credential keeps its key, which stops verifying. When
 * every check passes and the Secret is the credential's own, the credential is Active.
 */
final class SigningChecks {

  static final String OWNER_BOUND = "ownerBound";

  static final DecisionChain<ObservedSigningCredential> CHAIN =
      DecisionChain.of(
          Check.gate("ownerFound", SigningChecks::ownerFound),
          Check.gate("ownerHasAppId", SigningChecks::ownerHasAppId),
          Check.gate(OWNER_BOUND, SigningChecks::ownerBound),
          Check.gate("enabled", SigningChecks::enabled),
          Check.gate("ownerEnabled", SigningChecks::ownerEnabled));

  private SigningChecks() {}

  static Check.Result ownerFound(ObservedSigningCredential o) {
    return o.owner().isPresent()
        ? pass()
        : stop(
            new Verdict(
                Phase.Pending,
                ConditionReason.OwnerMissing,
                o.ownerText()
                    + " does not exist in this namespace; the credential becomes Active when it"
                    + " appears"));
  }

  static Check.Result ownerHasAppId(ObservedSigningCredential o) {
    ObservedSigningCredential.Owner owner = o.owner().orElseThrow();
    return !owner.isApplication() || owner.clientId() != null
        ? pass()
        : stop(
            new Verdict(
                Phase.Pending,
                ConditionReason.OwnerMissing,
                o.ownerText()
                    + " has no appId yet; the credential becomes Active when it has one"));
  }

  /** An owner re-created under the same name (another uid) is bound only by a new rotation. */
  static Check.Result ownerBound(ObservedSigningCredential o) {
    String boundUid = o.status().getOwner();
    boolean replaced = boundUid != null && !boundUid.equals(o.owner().orElseThrow().uid());
    return !replaced || o.rotateDue()
        ? pass()
        : stop(
            new Verdict(
                Phase.Invalid,
                ConditionReason.OwnerReplaced,
                o.ownerText()
                    + " was deleted and re-created: it does not inherit the key; set a new"
                    + " keyward.dev/rotate annotation value to bind it with a new key"));
  }

  static Check.Result enabled(ObservedSigningCredential o) {
    return o.credential().getSpec().enabledOrDefault()
        ? pass()
        : stop(
            new Verdict(
                Phase.Disabled,
                ConditionReason.Disabled,
                "spec.enabled is false: JWTs signed with this credential do not verify"));
  }

  static Check.Result ownerEnabled(ObservedSigningCredential o) {
    return o.owner().orElseThrow().enabled()
        ? pass()
        : stop(
            new Verdict(
                Phase.Disabled,
                ConditionReason.Disabled,
                o.ownerText() + " is disabled: JWTs signed with this credential do not verify"));
  }

  /** True when the owner lets the credential hold a key: the reconciler keeps it in the Secret. */
  static boolean keepsKey(DecisionChain.Decision decision) {
    return decision.passed(OWNER_BOUND);
  }

  /** The judgement when the owner checks stopped the chain: no key is kept. */
  static Judgement withoutKey(DecisionChain.Decision decision) {
    Verdict verdict = decision.stop().orElseThrow();
    return new Judgement(
        verdict, DesiredCondition.fails(KeyReady, verdict.reason(), verdict.message()));
  }

  /**
   * The judgement once the key was kept: Invalid when the Secret belongs to someone else (before
   * anything else is judged), otherwise the chain's verdict, or Active. The key, its public half
   * and the owner it is bound to are recorded in the status.
   */
  static Judgement afterKey(
      ObservedSigningCredential o, DecisionChain.Decision decision, SigningKeyKeeper.Result kept) {
    if (kept.outcome() == SigningKeyKeeper.Outcome.SECRET_CONFLICT) {
      String message =
          "Secret "
              + o.status().getSecretName()
              + " exists and is not owned by this SigningCredential; Keyward does not overwrite"
              + " it: delete it or set spec.secretName";
      return new Judgement(
          new Verdict(Phase.Invalid, ConditionReason.SecretConflict, message),
          DesiredCondition.fails(KeyReady, ConditionReason.SecretConflict, message));
    }
    SigningKeyMaterial material = kept.material().orElseThrow();
    record(o, material, kept);
    return new Judgement(
        decision.stop().orElseGet(() -> active(o, material)),
        DesiredCondition.holds(
            KeyReady,
            ConditionReason.KeyInSecret,
            "the " + material.algorithm() + " key " + material.keyId() + " is in the Secret"));
  }

  private static Verdict active(ObservedSigningCredential o, SigningKeyMaterial material) {
    return new Verdict(
        Phase.Active,
        ConditionReason.Activated,
        "JWTs with iss "
            + o.status().getKey()
            + " signed with key "
            + material.keyId()
            + " ("
            + material.algorithm()
            + ") verify for "
            + o.ownerText());
  }

  private static void record(
      ObservedSigningCredential o, SigningKeyMaterial material, SigningKeyKeeper.Result kept) {
    ObservedSigningCredential.Owner owner = o.owner().orElseThrow();
    SigningCredentialStatus status = o.status();
    status.setOwner(owner.uid());
    status.setOwnerKind(owner.kind());
    status.setClientId(owner.clientId());
    status.setAlgorithm(material.algorithm().name());
    status.setKeyId(material.keyId());
    status.setPublicKey(material.publicKeyPem().orElse(null));
    status.setJwk(material.publicJwk().orElse(null));
    status.setIssuedAt(kept.issuedAt());
    if (o.rotateRequest() != null) {
      status.setLastRotationRequest(o.rotateRequest());
    }
    if (kept.outcome() == SigningKeyKeeper.Outcome.ROTATED) {
      status.setRotatedAt(o.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  /** Where the pass lands: the verdict (phase and Ready) and the {@code KeyReady} condition. */
  record Judgement(Verdict verdict, DesiredCondition keyReady) {

    Phase phase() {
      return verdict.phase();
    }

    /** Every condition of the status, in order: KeyReady, then Ready. */
    List<DesiredCondition> conditions() {
      return List.of(
          keyReady,
          DesiredCondition.of(
              ConditionType.Ready,
              verdict.phase() == Phase.Active,
              verdict.reason(),
              verdict.message()));
    }
  }
}
