package dev.keyward.reconciler;

import dev.keyward.event.Reason;
import dev.keyward.status.Phase;
import java.util.Optional;

/**
 * Decides, without touching the cluster, whether a SigningCredential's owner lets it hold a key
 * now: the owner must exist in the credential's namespace, an Application must have its appId, and
 * an owner re-created under the same name (another uid) is bound only by a new rotation request.
 */
final class SigningOwnerCheck {

  /** The owner as found in the credential's namespace. */
  record Owner(String kind, String name, String uid, boolean enabled, String clientId) {}

  /** Why the credential cannot hold a key now: its phase, event reason and message. */
  record Blocked(Phase phase, Reason reason, String message) {}

  private SigningOwnerCheck() {}

  /**
   * {@code ownerText}: how to name the wanted owner when it is missing; {@code boundUid}: the uid
   * recorded in status, if any; {@code rotateDue}: a rotation request not yet acted on.
   */
  static Optional<Blocked> check(
      String ownerText, Optional<Owner> owner, String boundUid, boolean rotateDue) {
    if (owner.isEmpty()) {
      return Optional.of(
          new Blocked(
              Phase.Pending,
              Reason.OwnerMissing,
              ownerText
                  + " does not exist in this namespace; the credential becomes Active when it"
                  + " appears"));
    }
    if ("Application".equals(owner.get().kind()) && owner.get().clientId() == null) {
      return Optional.of(
          new Blocked(
              Phase.Pending,
              Reason.OwnerMissing,
              ownerText + " has no appId yet; the credential becomes Active when it has one"));
    }
    if (boundUid != null && !boundUid.equals(owner.get().uid()) && !rotateDue) {
      return Optional.of(
          new Blocked(
              Phase.Invalid,
              Reason.OwnerReplaced,
              ownerText
                  + " was deleted and re-created: it does not inherit the key; set a new"
                  + " keyward.dev/rotate annotation value to bind it with a new key"));
    }
    return Optional.empty();
  }
}
