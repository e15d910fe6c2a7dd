package keelson.controllers.gc;

/** What became of one owner of a dependent, as the collector classifies it before acting. */
public enum OwnerStatus {
  /** The owner exists and is not waiting for its dependents: the dependent must stay. */
  SOLID,
  /** The owner is being deleted foreground-style and waits for its dependents to go. */
  WAITING_FOR_DEPENDENTS,
  /** No object with the owner's uid exists (confirmed by a live read). */
  ABSENT
}
