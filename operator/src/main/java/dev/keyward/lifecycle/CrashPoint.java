package dev.keyward.lifecycle;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A place in the reconcile where a crash is most dangerous: the Secret holds a new key that the
 * record does not know yet. Tests inject a crash here; production uses {@link #NONE}.
 */
@FunctionalInterface
public interface CrashPoint {

  CrashPoint NONE = owner -> {};

  void afterSecretWritten(HasMetadata owner);
}
