package keelson.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.SelectorAttributes;
import keelson.apiserver.rest.Json;

/**
 * One object as the cache holds it: serialized (with {@code metadata.resourceVersion} set), plus
 * what selectors need of it. Lists and watches write the bytes as they are; the few readers that
 * need a tree parse their own copy.
 *
 * <p>The cache keeps no tree on purpose: a Jackson tree costs several times the object's JSON in
 * heap, and with tens of thousands of pods and events that was most of the server's memory.
 *
 * @param type the object's kind
 * @param key its storage key
 * @param json the object as JSON bytes; shared, never to be modified
 * @param revision the revision of the change that produced this state
 * @param attributes its labels and selectable field values
 */
public record CachedObject(ResourceType type, String key, byte[] json, long revision,
    SelectorAttributes attributes) {

  /** Returns a new tree of the object, the caller's to change. */
  public ObjectNode tree() {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cached object " + key + " no longer parses", e);
    }
  }
}
