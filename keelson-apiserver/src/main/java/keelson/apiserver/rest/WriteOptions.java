package keelson.apiserver.rest;

/**
 * Options common to writes.
 *
 * @param dryRun whether to run every step but the storage write ({@code dryRun=All})
 * @param fieldManager the {@code fieldManager} query parameter, or null
 */
public record WriteOptions(boolean dryRun, String fieldManager) {
  public static final WriteOptions DEFAULT = new WriteOptions(false, null);
}
