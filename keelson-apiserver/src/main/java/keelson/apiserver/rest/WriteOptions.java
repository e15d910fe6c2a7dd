package keelson.apiserver.rest;

/**
 * Options common to writes.
 *
 * @param dryRun whether to run every step but the storage write ({@code dryRun=All})
 * @param fieldManager the manager the write is attributed to in managedFields (the {@code
 *     fieldManager} parameter, else derived from the User-Agent); null for the server's own writes,
 *     which record no ownership
 * @param managerSubresource the subresource recorded with the manager when it differs from the
 *     one written through ({@code scale}, which writes the main resource), else null
 * @param applied whether the change is a server-side apply, which sets managedFields itself
 */
public record WriteOptions(boolean dryRun, String fieldManager, String managerSubresource, boolean applied) {
  public static final WriteOptions DEFAULT = new WriteOptions(false, null);

  public WriteOptions(boolean dryRun, String fieldManager) {
    this(dryRun, fieldManager, null, false);
  }

  /** Returns these options for a write the manager makes through {@code subresource}. */
  public WriteOptions through(String subresource) {
    return new WriteOptions(dryRun, fieldManager, subresource, applied);
  }

  /** Returns these options for a server-side apply. */
  public WriteOptions asApply() {
    return new WriteOptions(dryRun, fieldManager, managerSubresource, true);
  }
}
