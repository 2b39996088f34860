package dev.keyward.delivery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides, without touching the cluster, what happens in each namespace a source's Secret is or was
 * delivered to, and what the SecretDelivered condition says about it.
 */
public final class DeliveryPlan {

  /** What to do in one namespace. */
  public enum Action {
    /** Consent given, nothing foreign in the way: create or refresh the copy. */
    WRITE,
    /** Not asked for (any more), or nothing to copy: remove the copy if it is ours. */
    REMOVE,
    /** Asked for without consent: nothing there, and a copy of ours is removed. */
    GRANT_MISSING,
    /** A Secret of that name that Keyward did not deliver from this source: left untouched. */
    CONFLICT
  }

  public record Step(String namespace, Action action) {}

  /** The SecretDelivered condition; empty when nothing was asked for and nothing is left. */
  public record Verdict(boolean delivered, String reason, String message) {}

  private DeliveryPlan() {}

  /**
   * @param ownNamespace the source's namespace, which needs no copy
   * @param requested spec.secret.deliverTo
   * @param sourceReady the source's own Secret exists and is Keyward's for this source
   * @param copiesAt namespaces that hold a copy of ours now
   * @param consents whether a namespace consents (an AccessGrant of kind Secret admits the source)
   * @param foreignAt whether a namespace holds a Secret of the copy's name that is not our copy
   */
  public static List<Step> of(
      String ownNamespace,
      List<String> requested,
      boolean sourceReady,
      Set<String> copiesAt,
      Predicate<String> consents,
      Predicate<String> foreignAt) {
    Set<String> wanted = new LinkedHashSet<>(requested);
    wanted.remove(ownNamespace);
    List<Step> steps = new ArrayList<>();
    for (String namespace : wanted) {
      if (!sourceReady) {
        if (copiesAt.contains(namespace)) {
          steps.add(new Step(namespace, Action.REMOVE));
        }
      } else if (!consents.test(namespace)) {
        steps.add(new Step(namespace, Action.GRANT_MISSING));
      } else if (foreignAt.test(namespace)) {
        steps.add(new Step(namespace, Action.CONFLICT));
      } else {
        steps.add(new Step(namespace, Action.WRITE));
      }
    }
    copiesAt.stream()
        .filter(namespace -> !wanted.contains(namespace))
        .sorted()
        .forEach(namespace -> steps.add(new Step(namespace, Action.REMOVE)));
    return steps;
  }

  /**
   * The condition for these steps: a conflict is named first, then a missing grant; True only when
   * every namespace asked for got its copy.
   */
  public static Optional<Verdict> verdict(
      List<Step> steps,
      List<String> requested,
      String ownNamespace,
      boolean sourceReady,
      String kind,
      String namespace,
      String name,
      String secretName) {
    if (requested.stream().allMatch(ownNamespace::equals)) {
      return Optional.empty();
    }
    if (!sourceReady) {
      return Optional.of(
          new Verdict(
              false,
              "SourceSecretNotReady",
              "nothing delivered: Secret " + secretName + " is not (yet) issued by this " + kind));
    }
    List<String> problems = new ArrayList<>();
    String reason = null;
    for (Step step : steps) {
      if (step.action() == Action.CONFLICT) {
        problems.add(
            "Secret "
                + secretName
                + " in namespace "
                + step.namespace()
                + " exists and was not delivered by Keyward from this "
                + kind
                + "; it is left untouched");
        reason = "DeliveryConflict";
      }
    }
    for (Step step : steps) {
      if (step.action() == Action.GRANT_MISSING) {
        problems.add(DeliveryConsent.missingGrant(step.namespace(), kind, namespace, name));
        reason = reason == null ? "DeliveryGrantMissing" : reason;
      }
    }
    List<String> delivered = deliveredTo(steps);
    String done =
        delivered.isEmpty()
            ? "delivered nowhere yet"
            : "Secret " + secretName + " delivered to " + String.join(", ", delivered);
    if (reason == null) {
      return Optional.of(new Verdict(true, "SecretDelivered", done));
    }
    return Optional.of(new Verdict(false, reason, String.join("; ", problems) + "; " + done));
  }

  /** The namespaces that hold an up-to-date copy after these steps, sorted. */
  public static List<String> deliveredTo(List<Step> steps) {
    return steps.stream()
        .filter(s -> s.action() == Action.WRITE)
        .map(Step::namespace)
        .sorted()
        .collect(Collectors.toList());
  }
}
