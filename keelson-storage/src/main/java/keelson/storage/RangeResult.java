package keelson.storage;

import java.util.List;

/**
 * One page of a range read.
 *
 * @param items the keys in ascending byte order of their UTF-8 encoding
 * @param revision the revision the page was read at; pass it back to read the next page from the
 *     same snapshot
 * @param more whether keys remain after the last returned one
 * @param count how many keys matched the prefix in total at that revision (all pages together)
 */
public record RangeResult(List<KeyValue> items, long revision, boolean more, long count) {}
