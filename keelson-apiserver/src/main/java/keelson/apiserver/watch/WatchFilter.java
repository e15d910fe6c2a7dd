package keelson.apiserver.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;
import keelson.api.registry.ResourceType;

/**
 * What one watcher wants: a kind, optionally one namespace, and a predicate over objects (name,
 * label and field selectors).
 *
 * @param type the kind watched
 * @param namespace the namespace watched, or null for all
 * @param matches the selector predicate over object trees
 */
public record WatchFilter(ResourceType type, String namespace, Predicate<JsonNode> matches) {

  /** Returns the storage prefix covering every object this filter can match. */
  public String prefix() {
    return type.storagePrefix(namespace);
  }
}
