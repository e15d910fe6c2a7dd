package keelson.storage;

/** A create found the key already present. */
public class KeyExistsException extends StorageException {
  private final transient KeyValue existing;

  public KeyExistsException(KeyValue existing) {
    super("key already exists: " + existing.key());
    this.existing = existing;
  }

  /** Returns the key as it is stored. */
  public KeyValue existing() {
    return existing;
  }
}
