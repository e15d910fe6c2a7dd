package keelson.storage.internal;

import java.util.List;
import keelson.storage.WatchEvent;

/** Reads past changes for a watch that starts behind the live stream. */
@FunctionalInterface
public interface History {

  /**
   * Returns at most {@code limit} changes to keys starting with {@code prefix} whose revision is
   * greater than {@code afterRevision}, in revision order.
   *
   * @throws keelson.storage.CompactedException if some of those changes were compacted away
   */
  List<WatchEvent> changesAfter(String prefix, long afterRevision, int limit);
}
