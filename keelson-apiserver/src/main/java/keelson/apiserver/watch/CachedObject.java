package keelson.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keelson.api.registry.ResourceType;

/**
 * One object as the cache holds it: its tree (with {@code metadata.resourceVersion} set) and the
 * same object already serialized, so lists are written without serializing again.
 *
 * <p>Both are shared between threads and must never be mutated; copy the tree before changing it.
 *
 * @param type the object's kind
 * @param key its storage key
 * @param object the object tree
 * @param json the object as JSON bytes
 * @param revision the revision of the change that produced this state
 */
public record CachedObject(ResourceType type, String key, ObjectNode object, byte[] json, long revision) {}
