package keelson.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Predicate;
import keelson.api.registry.ResourceType;
import keelson.api.selectors.SelectorAttributes;
import keelson.apiserver.rest.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object as the cache holds it: serialized (with {@code metadata.resourceVersion} set), plus
 * what selectors need of it. Lists and watches write the bytes as they are; the few readers that
 * need a tree parse their own copy.
 *
 * <p>The cache keeps no tree on purpose: a Jackson tree costs several times the object's JSON in
 * heap, and with tens of thousands of pods and events that was most of the server's memory. The
 * selector attributes are read from the bytes the first time a label or field selector asks for
 * them: most objects reach only watchers and lists that select nothing.
 */
public final class CachedObject {
  private static final Logger log = LoggerFactory.getLogger(CachedObject.class);
  private final ResourceType type;
  private final String key;
  private final byte[] json;
  private final long revision;
  /** Null until first asked for; computing it twice is harmless. */
  private volatile SelectorAttributes attributes;

  /**
   * @param type the object's kind
   * @param key its storage key
   * @param json the object as JSON bytes; shared, never to be modified
   * @param revision the revision of the change that produced this state
   * @param attributes its labels and selectable field values, or null to read them from
   *     {@code json} when first asked for
   */
  public CachedObject(ResourceType type, String key, byte[] json, long revision, SelectorAttributes attributes) {
    this.type = type;
    this.key = key;
    this.json = json;
    this.revision = revision;
    this.attributes = attributes;
  }

  public ResourceType type() {
    return type;
  }

  public String key() {
    return key;
  }

  /** The object as JSON bytes; shared, never to be modified. */
  public byte[] json() {
    return json;
  }

  /** The revision of the change that produced this state. */
  public long revision() {
    return revision;
  }

  /** Its labels and selectable field values. */
  public SelectorAttributes attributes() {
    SelectorAttributes read = attributes;
    if (read == null) {
      try {
        read = SelectorAttributes.of(type, StoredObjectScan.selectable(json));
      } catch (IOException e) {
        // Storage holds what this server wrote, so this is damage: no selector matches the object,
        // and the watch that asked goes on.
        log.atWarn().addKeyValue("key", key).addKeyValue("error", e.getMessage())
            .log("stored object does not parse; no selector will match it");
        read = new SelectorAttributes(Map.of(), Map.of());
      }
      attributes = read;
    }
    return read;
  }

  /** Whether selectors accept the object; {@link WatchFilter#EVERYTHING} accepts it unread. */
  public boolean matches(Predicate<SelectorAttributes> selected) {
    return selected == WatchFilter.EVERYTHING || selected.test(attributes());
  }

  /** Returns a new tree of the object, the caller's to change. */
  public ObjectNode tree() {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cached object " + key + " no longer parses", e);
    }
  }

  @Override
  public String toString() {
    return "CachedObject[" + key + "@" + revision + "]";
  }
}
