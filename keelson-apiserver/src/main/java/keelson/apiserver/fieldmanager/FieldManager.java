package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keelson.api.registry.ResourceType;
import keelson.api.schema.Schemas;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.Metadata;

/**
 * Field ownership ({@code metadata.managedFields}) and server-side apply, after kube-apiserver's
 * field manager and structured-merge-diff.
 *
 * <p>Every write is attributed to a manager. An update (create, update, any non-apply patch, a
 * status or scale write) records an {@code Update} entry owning the fields it changed, and takes
 * them from the managers that owned them. An apply records an {@code Apply} entry owning exactly
 * the fields of the applied configuration: the configuration is merged into the live object, the
 * fields the manager applied before and no longer applies are removed unless another manager
 * owns them, and changing a field another manager owns is a conflict unless forced.
 */
public final class FieldManager {
  /** kubectl's manager for {@code apply --server-side}; it alone gets the last-applied upgrade path. */
  static final String KUBECTL = "kubectl";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final String BEFORE_FIRST_APPLY = "before-first-apply";
  private static final String ANCIENT_CHANGES = "ancient-changes";
  private static final int MAX_UPDATE_MANAGERS = 10;
  /** Fields no manager owns: identity and server-set metadata. */
  private static final FieldSet STRIPPED = strippedFields();

  private FieldManager() {}

  /**
   * Records an update of {@code next} over {@code live} by {@code manager}, setting {@code next}'s
   * managedFields.
   *
   * @param live the stored object, or null for a create
   * @param subresource the subresource written ({@code status}, {@code scale}), or null
   */
  public static void update(ResourceType type, ObjectNode live, ObjectNode next, String manager,
      String subresource, Instant now) {
    ObjectNode nextMeta = Json.metadata(next);
    JsonNode requested = nextMeta.get("managedFields");
    JsonNode liveFields = live == null ? null : live.path("metadata").get("managedFields");
    ManagedFields managed;
    try {
      managed = baseForUpdate(requested, liveFields, subresource != null);
    } catch (IllegalArgumentException e) {
      restore(nextMeta, liveFields);
      return;
    }
    nextMeta.remove("managedFields");
    // An existing object without entries is not tracked until its first apply, as kube-apiserver.
    if (managed.isEmpty() && live != null) {
      return;
    }
    TypeNode root = TypeNode.of(Schemas.of(type));
    // The live object's entries are set aside for the comparison rather than copied: this runs on
    // every write.
    ObjectNode liveMeta = live == null ? null : Json.metadata(live);
    JsonNode setAside = liveMeta == null ? null : liveMeta.remove("managedFields");
    try {
      ObjectNode before = live == null ? Skeleton.of(next) : live;
      Comparison changes = Comparison.of(before, next, root, ownableField(type, subresource));
      if (!changes.isEmpty()) {
        recordUpdate(managed, changes, ManagerId.update(nameOf(manager), type.apiVersion(), subresource),
            type.apiVersion(), now);
      }
      ArrayNode encoded = managed.encode();
      if (encoded != null) {
        nextMeta.set("managedFields", encoded);
      }
    } catch (IllegalArgumentException e) {
      // Data the schema cannot key (a map-list element without its key) leaves ownership as it was.
      restore(nextMeta, liveFields);
    } finally {
      if (setAside != null) {
        liveMeta.set("managedFields", setAside);
      }
    }
  }

  /**
   * Applies {@code config} to {@code live} for {@code manager}.
   *
   * @param live the stored object, or null when the apply creates it
   * @return the merged object carrying its new managedFields
   * @throws ApiException 409 on conflicts unless {@code force}, 400/500 for a bad configuration
   */
  public static ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode config, String manager,
      String subresource, boolean force, Instant now) {
    checkConfig(type, config);
    TypeNode root = TypeNode.of(Schemas.of(type));
    ManagedFields managed;
    try {
      managed = ManagedFields.decode(live == null ? null : live.path("metadata").get("managedFields"));
    } catch (IllegalArgumentException e) {
      throw ApiException.internal("failed to decode managed fields: " + e.getMessage());
    }
    ObjectNode liveBare = live == null ? Json.object() : withoutManagedFields(live);
    FieldSet applied;
    try {
      applied = ownable(type, subresource, FieldSets.of(config, root));
    } catch (IllegalArgumentException e) {
      throw ApiException.internalNoReason("failed to create typed patch object ("
          + objectName(type, config) + "; " + type.apiVersion() + ", Kind=" + type.kind() + "): " + e.getMessage());
    }
    try {
      if (managed.isEmpty() && live != null) {
        // An object written before ownership was tracked: its fields are someone else's.
        Comparison existing = Comparison.of(Skeleton.of(liveBare), liveBare, root, ownableField(type, subresource));
        recordUpdate(managed, existing, ManagerId.update(BEFORE_FIRST_APPLY, type.apiVersion(), subresource),
            type.apiVersion(), now);
      }
      ManagerId id = ManagerId.apply(manager, subresource);
      Applier applier = new Applier(root, liveBare, config, managed, id, type.apiVersion());
      ObjectNode merged = applier.merge(applied);
      List<Conflict> conflicts = applier.conflicts(Comparison.of(liveBare, merged, root, ownableField(type, subresource)));
      if (!conflicts.isEmpty() && !force) {
        conflicts = LastAppliedUpgrade.remaining(conflicts, manager, liveBare, root);
        if (!conflicts.isEmpty()) {
          throw Conflict.toException(conflicts);
        }
      }
      applier.takeOwnership(Comparison.of(liveBare, merged, root, ownableField(type, subresource)));
      ManagedFields.Entry entry = managed.get(id);
      if (entry != null) {
        entry.set(entry.set().difference(STRIPPED), type.apiVersion());
        if (entry.set().isEmpty()) {
          managed.entries().remove(id);
        } else if (!merged.equals(liveBare) || entry.time() == null) {
          entry.time(Metadata.timestamp(now));
        }
      }
      if (KUBECTL.equals(manager)) {
        LastAppliedUpgrade.syncAnnotation(merged, config);
      }
      ArrayNode encoded = managed.encode();
      ObjectNode meta = Json.metadata(merged);
      meta.remove("managedFields");
      if (encoded != null) {
        meta.set("managedFields", encoded);
      }
      return merged;
    } catch (IllegalArgumentException e) {
      throw ApiException.internal("failed to merge the applied configuration: " + e.getMessage());
    }
  }

  /**
   * Returns the manager name for a write: the {@code fieldManager} parameter, else the User-Agent
   * up to its first {@code /} with unprintable characters dropped, at most 128 characters.
   */
  public static String managerFor(String fieldManager, String userAgent) {
    if (fieldManager != null && !fieldManager.isEmpty()) {
      return fieldManager;
    }
    if (userAgent == null) {
      return "";
    }
    int slash = userAgent.indexOf('/');
    String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
    if (prefix.length() <= 128 && isPrintableAscii(prefix)) {
      return prefix; // every client seen in practice: nothing to drop, one byte per character
    }
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < prefix.length(); ) {
      int c = prefix.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isISOControl(c) || !Character.isDefined(c) || Character.getType(c) == Character.FORMAT) {
        continue; // unprintable characters are dropped, as kube-apiserver drops them
      }
      int size = new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes + size > 128) {
        break;
      }
      bytes += size;
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  private static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Moves the changed fields to {@code id}, taking them from every other manager. */
  private static void recordUpdate(ManagedFields managed, Comparison changes, ManagerId id, String apiVersion,
      Instant now) {
    FieldSet changed = changes.changed();
    FieldSet taken = changed.difference(STRIPPED);
    ManagedFields.Entry previous = managed.get(id);
    for (Map.Entry<ManagerId, ManagedFields.Entry> e : managed.entries().entrySet()) {
      ManagedFields.Entry entry = e.getValue();
      boolean removes = entry.touches(changes.removed());
      if (entry == previous && !removes && entry.containsAll(taken)) {
        continue; // the steady state of a controller rewriting its own fields: nothing moves
      }
      if (removes || entry.touches(changed)) {
        entry.subtract(changed);
        entry.subtract(changes.removed());
      }
    }
    if (!taken.isEmpty()) {
      if (previous != null && previous.containsAll(taken)) {
        previous.time(Metadata.timestamp(now));
      } else {
        FieldSet owned = previous == null ? taken : previous.set().union(taken);
        managed.put(id, owned, apiVersion, Metadata.timestamp(now));
      }
    }
    managed.dropEmpty();
    capUpdaters(managed);
  }

  /**
   * Keeps at most ten update entries: the oldest are folded into one {@code ancient-changes} entry
   * per apiVersion, as kube-apiserver does.
   */
  private static void capUpdaters(ManagedFields managed) {
    if (managed.updaterCount() <= MAX_UPDATE_MANAGERS) {
      return; // nearly every write: nothing to fold, so no need to sort the entries by time
    }
    List<ManagerId> updaters = managed.updatersOldestFirst();
    int count = updaters.size();
    Map<String, ManagerId> firstByVersion = new LinkedHashMap<>();
    for (int i = 0; i < updaters.size() && count > MAX_UPDATE_MANAGERS; i++) {
      ManagerId id = updaters.get(i);
      ManagedFields.Entry entry = managed.get(id);
      String version = entry.apiVersion();
      ManagerId bucket = ManagerId.update(ANCIENT_CHANGES, version, null);
      ManagerId first = firstByVersion.get(version);
      if (first == null) {
        firstByVersion.put(version, id);
        continue;
      }
      if (managed.get(bucket) == null) {
        ManagedFields.Entry moved = managed.entries().remove(first);
        managed.put(bucket, moved.set(), version, moved.time());
      }
      ManagedFields.Entry target = managed.get(bucket);
      managed.put(bucket, entry.set().union(target.set()), version, entry.time());
      managed.entries().remove(id);
      count--;
    }
  }

  /**
   * The managed fields an update starts from: the request's own (a client may rewrite them, as
   * kubectl does when it upgrades client-side apply ownership), the live object's when the request
   * carries none or writes a subresource, none when the request resets them.
   */
  private static ManagedFields baseForUpdate(JsonNode requested, JsonNode live, boolean subresource) {
    if (subresource) {
      return decodeOrEmpty(live);
    }
    if (ManagedFields.isReset(requested)) {
      return new ManagedFields();
    }
    if (requested != null && !requested.isNull()) {
      try {
        ManagedFields own = ManagedFields.decode(requested);
        if (!own.isEmpty()) {
          return own;
        }
      } catch (IllegalArgumentException e) {
        // fall back to the live object's, so that a client not knowing managedFields loses none
      }
    }
    return decodeOrEmpty(live);
  }

  private static ManagedFields decodeOrEmpty(JsonNode fields) {
    try {
      return ManagedFields.decode(fields);
    } catch (IllegalArgumentException e) {
      return new ManagedFields();
    }
  }

  /**
   * Returns which top-level fields a write through this endpoint can own: not status through the
   * main resource of a kind with a status subresource, only status (and metadata) through it.
   */
  private static java.util.function.Predicate<String> ownableField(ResourceType type, String subresource) {
    if ("status".equals(subresource)) {
      return name -> name.equals("status") || name.equals("metadata");
    }
    return type.hasSubresource("status") ? name -> !name.equals("status") : name -> true;
  }

  private static FieldSet ownable(ResourceType type, String subresource, FieldSet set) {
    if ("status".equals(subresource)) {
      FieldSet status = set.onlyField("status");
      status.addAll(set.onlyField("metadata"));
      return status;
    }
    return type.hasSubresource("status") ? set.withoutField("status") : set;
  }

  private static void checkConfig(ResourceType type, ObjectNode config) {
    String apiVersion = Json.text(config, "apiVersion");
    String kind = Json.text(config, "kind");
    if (apiVersion == null || apiVersion.isEmpty() || kind == null || kind.isEmpty()) {
      throw ApiException.badRequest("Object 'Kind' is missing in '" + Json.bytesAsString(config) + "'");
    }
    if (!apiVersion.equals(type.apiVersion()) || !kind.equals(type.kind())) {
      throw ApiException.badRequest("invalid object type: " + gvk(apiVersion, kind));
    }
    JsonNode managedFields = config.path("metadata").get("managedFields");
    if (managedFields != null && !managedFields.isNull()) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
  }

  private static String gvk(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return group + "/" + version + ", Kind=" + kind;
  }

  private static String objectName(ResourceType type, ObjectNode config) {
    String namespace = Metadata.namespace(config);
    return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + Metadata.name(config);
  }

  private static String nameOf(String manager) {
    return manager == null || manager.isEmpty() ? "unknown" : manager;
  }

  private static ObjectNode withoutManagedFields(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    if (meta == null || !meta.has("managedFields")) {
      return object;
    }
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.get("metadata")).remove("managedFields");
    return copy;
  }

  private static void restore(ObjectNode meta, JsonNode liveFields) {
    if (liveFields == null || liveFields.isNull()) {
      meta.remove("managedFields");
    } else {
      meta.set("managedFields", liveFields.deepCopy());
    }
  }

  private static FieldSet strippedFields() {
    FieldSet set = new FieldSet();
    set.insert(List.of(new PathElement.Field("apiVersion")));
    set.insert(List.of(new PathElement.Field("kind")));
    set.insert(List.of(new PathElement.Field("metadata")));
    for (String field : List.of("name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName",
        "generation", "managedFields", "resourceVersion")) {
      set.insert(new ArrayList<>(List.of(new PathElement.Field("metadata"), new PathElement.Field(field))));
    }
    return set;
  }
}
