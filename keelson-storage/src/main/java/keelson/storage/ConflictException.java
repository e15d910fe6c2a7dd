package keelson.storage;

/**
 * A compare-and-swap failed: the key's mod revision was not the expected one, or the key is gone.
 */
public class ConflictException extends StorageException {
  private final String key;
  private final transient KeyValue current;

  public ConflictException(String key, KeyValue current) {
    super("revision mismatch for key " + key);
    this.key = key;
    this.current = current;
  }

  /** Returns the key the write was for. */
  public String key() {
    return key;
  }

  /** Returns the key as it is stored now, or null when it does not exist. */
  public KeyValue current() {
    return current;
  }
}
