package keelson.storage;

/** A storage failure that is not the caller's fault (I/O, backend unavailable, closed store). */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
