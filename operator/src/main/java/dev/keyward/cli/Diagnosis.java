package dev.keyward.cli;

import dev.keyward.cli.ResourceView.ConditionView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Explains a resource in sentences: its phase, each condition in the order the operator checked
 * them, and what a person can do next. Pure logic over what the resource's status says.
 */
record Diagnosis(List<String> sentences, List<String> nextSteps) {

  static Diagnosis of(ResourceView resource) {
    String subject = resource.kind().kind() + " " + resource.name();
    String ref = kubectlRef(resource);
    List<String> sentences = new ArrayList<>();
    Set<String> steps = new LinkedHashSet<>();
    if (resource.phase().isEmpty()) {
      sentences.add(subject + " has no status yet: the operator has not reconciled it.");
      steps.add(
          "Check that the Keyward operator is running and watches namespace "
              + resource.namespace()
              + " (kubectl get pods -A -l app.kubernetes.io/name=keyward).");
      return new Diagnosis(sentences, List.copyOf(steps));
    }
    sentences.add(subject + " is " + resource.phase().get() + ".");
    List<ConditionView> conditions = resource.conditions();
    for (ConditionView c : conditions) {
      if (!"Ready".equals(c.type())) {
        sentences.add(sentence(c));
      }
    }
    conditions.stream()
        .filter(c -> "Ready".equals(c.type()))
        .forEach(c -> sentences.add(sentence(c)));
    for (ConditionView c : conditions) {
      if (c.isTrue() && "ExpiringSoon".equals(c.type())) {
        steps.add(
            "Before it expires: move spec.expires later, or issue a new credential and move its"
                + " clients over; spec.lifetime instead of spec.expires renews keys by themselves.");
      }
      if (!c.isTrue()) {
        String step = nextStep(c.reason(), ref, resource);
        if (step != null) {
          steps.add(step);
        }
      }
    }
    if (!resource.active() && steps.isEmpty()) {
      steps.add("Read its events: kubectl describe " + ref + " -n " + resource.namespace() + ".");
    }
    return new Diagnosis(sentences, List.copyOf(steps));
  }

  private static String sentence(ConditionView c) {
    String verdict = c.isTrue() ? "holds" : "False".equals(c.status()) ? "fails" : "is unknown";
    String because = c.message().isBlank() ? "" : ": " + c.message();
    String reason = c.reason().isBlank() ? "" : " (" + c.reason() + ")";
    return c.type() + " " + verdict + because + reason + ".";
  }

  /** What to do about a condition's reason; null when there is nothing to do. */
  static String nextStep(String reason, String ref, ResourceView resource) {
    String kind = resource.kind().kind().toLowerCase(java.util.Locale.ROOT);
    return switch (reason) {
      case "OwnerNotFound" ->
          "Create the ApiUser named in spec.user in namespace "
              + resource.namespace()
              + ", or point spec.user at an existing one; the token becomes Active by itself.";
      case "OwnerDisabled" ->
          "Enable the owning ApiUser: kubectl keyward enable user/<owner> -n "
              + resource.namespace()
              + ".";
      case "Disabled" ->
          "Enable it if it should work again: kubectl keyward enable "
              + ref
              + " -n "
              + resource.namespace()
              + ".";
      case "Deprecated" ->
          "Rotate it to issue a new key (the deprecated one never verifies again): kubectl keyward"
              + " rotate "
              + ref
              + " -n "
              + resource.namespace()
              + ".";
      case "DeliveryGrantMissing" ->
          "Ask the admin of the namespace named in the message to create the AccessGrant it shows"
              + " (kinds: [Secret]), or remove that namespace from spec.secret.deliverTo.";
      case "DeliveryConflict" ->
          "A Secret of that name in the target namespace is not Keyward's copy of this Secret:"
              + " its owner removes it, or set spec.secret.name to a free name.";
      case "SourceSecretNotReady" ->
          "Nothing is delivered until this resource's own Secret is issued: fix what its Ready"
              + " condition says first.";
      case "Expired", "ExpiryInPast" ->
          "Move spec.expires into the future, or use spec.lifetime with spec.renewBefore so that"
              + " keys roll over before they expire.";
      case "ScopesNotAllowed" ->
          "Remove the refused scopes from spec.scopes, or give the owner a role whose scopes"
              + " include them (role map).";
      case "SecretConflict" ->
          "A Secret of that name exists and Keyward does not own it: set spec.secret.name to a"
              + " free name, or delete that Secret if it is not needed.";
      case "ServiceAccountConflict" ->
          "A ServiceAccount of that name exists and Keyward does not own it: rename or delete it.";
      case "UnknownRoles" ->
          "Use roles defined in the role map (Helm value roleMap), or add them there.";
      case "InvalidSpec" ->
          "Correct the spec as the message says: kubectl edit "
              + kind
              + " "
              + resource.name()
              + ".";
      case "ProjectMissing" -> "Create the project namespace, or remove it from spec.projects.";
      case "BindForbidden" ->
          "The operator may not bind that ClusterRole: allow it in the chart's role map settings,"
              + " or choose another role.";
      case "PasswordSecretNotFound", "PasswordKeyNotFound", "PasswordTooShort" ->
          "Fix the password Secret named in spec.password as the message says.";
      default -> null;
    };
  }

  private static String kubectlRef(ResourceView resource) {
    return switch (resource.kind()) {
      case USER -> "user/" + resource.name();
      case TOKEN -> "token/" + resource.name();
      case APPLICATION -> "app/" + resource.name();
    };
  }
}
