package dev.keyward.reconciler;

import dev.keyward.api.Application;
import dev.keyward.api.ApplicationSpec;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.rolemap.RoleMap;
import java.time.Instant;
import java.util.List;

/**
 * Everything the Application's decision depends on, gathered before deciding: the Application, its
 * status as this pass starts (secrets past their grace already dropped), the role map and the
 * instant of the pass.
 */
record ObservedApplication(
    Application app, ApplicationStatus status, RoleMap roleMap, Instant now) {

  ApplicationSpec spec() {
    return app.getSpec();
  }

  boolean hasKey() {
    return status.getKey() != null;
  }

  List<String> roles() {
    return spec().getRoles() == null ? List.of() : spec().getRoles();
  }
}
