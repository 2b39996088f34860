package dev.keyward.rbac;

import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * RoleBindings Keyward made for an Application that no longer exists: left behind when a finalizer
 * was removed by hand, or when the operator was down while the Application went away.
 */
public final class OrphanBindings {

  private OrphanBindings() {}

  /** The bindings labelled with an Application uid that is not among {@code liveUids}. */
  public static List<RoleBinding> among(Collection<RoleBinding> bindings, Set<String> liveUids) {
    return bindings.stream()
        .filter(b -> b.getMetadata().getLabels() != null)
        .filter(
            b ->
                KeywardNames.MANAGED_BY.equals(
                    b.getMetadata().getLabels().get(KeywardNames.MANAGED_BY_LABEL)))
        .filter(b -> b.getMetadata().getLabels().containsKey(KeywardNames.APP_UID_LABEL))
        .filter(
            b -> !liveUids.contains(b.getMetadata().getLabels().get(KeywardNames.APP_UID_LABEL)))
        .toList();
  }
}
