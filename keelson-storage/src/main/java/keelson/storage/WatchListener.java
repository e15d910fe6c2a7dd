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
   * Called once when the store ends the watch: {@code cause} is null when the store was closed,
   * otherwise why the watch cannot go on without a gap (for example a {@link CompactedException}
   * or a backend connection lost for good). No events follow. Not called after {@link
   * Watch#close()}: the caller who closed it knows.
   */
  default void onClose(Throwable cause) {}
}
