package keelson.controllers.statefulset;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;

/** What a sync must do to the revision history before touching pods. */
public sealed interface RevisionChange {

  /** The update revision as the plan uses it. */
  ControllerRevision revision();

  /** The update revision already exists and is the newest: nothing to write. */
  record Keep(ControllerRevision revision) implements RevisionChange {}

  /** Create this new revision. */
  record Create(ControllerRevision revision) implements RevisionChange {}

  /** An older identical revision is reused (a rollback): write it with this higher revision number. */
  record Bump(ControllerRevision revision) implements RevisionChange {}
}
