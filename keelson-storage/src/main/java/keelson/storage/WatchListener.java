package keelson.storage;

import java.util.List;

/**
 * Receives the events of one watch, in revision order, never concurrently with itself.
 *
 * <p>A listener must not block for long: it runs on the store's delivery thread for that watch.
 */
public interface WatchListener {

  /** Called with one or more events, in ascending revision order. */
  void onEvents(List<WatchEvent> events);

  /**
   * Called once when the watch can no longer deliver events (for example the store was closed or
   * the backend connection was lost for good). No events follow.
   */
  default void onClose(Throwable cause) {}
}
