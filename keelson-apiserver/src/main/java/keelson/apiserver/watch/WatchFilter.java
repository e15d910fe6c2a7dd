package keelson.apiserver.watch;

import java.util.function.Predicate;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.SelectorAttributes;

/**
 * What one watcher wants: a kind, optionally one namespace, and a predicate over objects (name,
 * label and field selectors), evaluated on their selector attributes.
 *
 * @param type the kind watched
 * @param namespace the namespace watched, or null for all
 * @param matches the selector predicate
 */
public record WatchFilter(ResourceType type, String namespace, Predicate<SelectorAttributes> matches) {
  /**
   * The predicate of a request without selectors. Recognised by identity, so that objects nobody
   * selects among never have their selector attributes read ({@link CachedObject#matches}).
   */
  public static final Predicate<SelectorAttributes> EVERYTHING = attributes -> true;

  /** Returns the storage prefix covering every object this filter can match. */
  public String prefix() {
    return type.storagePrefix(namespace);
  }
}
