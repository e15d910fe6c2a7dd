package keelson.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import keelson.api.defaults.Defaulting;
import keelson.api.defaults.Preparation;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.api.validation.FieldError;
import keelson.api.validation.Validation;
import keelson.apiserver.fieldmanager.FieldManager;
import keelson.storage.ConflictException;
import keelson.storage.KeyExistsException;
import keelson.storage.KeyValue;
import keelson.storage.RevisionedStore;

/**
 * Kubernetes object semantics over the revisioned store, independent of HTTP: the create, update
 * and delete pipelines (server-owned metadata, defaulting, preparation, validation), optimistic
 * concurrency, finalizers and graceful deletion.
 *
 * <p>Objects are stored as JSON without {@code metadata.resourceVersion}; the storage mod revision
 * is the resourceVersion, set on the way out.
 */
public final class RegistryStore {
  /** How often an update without a resourceVersion precondition retries a lost race. */
  private static final int MAX_RETRIES = 64;

  private final RevisionedStore store;
  private final Clock clock;
  private final NameGenerator names;
  private final List<Admission> admissions;
  private final boolean garbageCollection;
  /** Where updates find the object to start from before they read it from storage. */
  private volatile CachedStates cachedStates = key -> null;
  /** Where creates find their namespace before they read it from storage. */
  private volatile NamespaceStates namespaces = name -> NamespaceState.UNKNOWN;

  /** What a cache knows of a namespace. */
  public enum NamespaceState { ACTIVE, TERMINATING, UNKNOWN }

  /** A cache of Namespaces that creates consult before storage. */
  @FunctionalInterface
  public interface NamespaceStates {
    NamespaceState state(String name);
  }

  /** A cache of stored objects (the watch cache) that updates start from. */
  @FunctionalInterface
  public interface CachedStates {
    /**
     * Returns the object at a storage key as the cache last saw it, its mod revision included
     * (its value may carry its resourceVersion), or null when the cache does not hold it.
     */
    KeyValue latest(String key);
  }

  /** The finalizer that makes the garbage collector orphan an object's dependents. */
  public static final String ORPHAN = "orphan";
  /** The finalizer that makes the garbage collector delete dependents before their owner. */
  public static final String FOREGROUND = "foregroundDeletion";

  /**
   * Creates the registry.
   *
   * @param garbageCollection whether a garbage collector runs: only then do Orphan and Foreground
   *     deletes leave the object behind with the finalizer the collector acts on
   */
  public RegistryStore(RevisionedStore store, Clock clock, NameGenerator names, List<Admission> admissions,
      boolean garbageCollection) {
    this.store = store;
    this.clock = clock;
    this.names = names;
    this.admissions = List.copyOf(admissions);
    this.garbageCollection = garbageCollection;
  }

  /**
   * Lets creates check their namespace in a cache (the watch cache), as kube-apiserver's
   * NamespaceLifecycle admission reads an informer rather than storage; a namespace the cache does
   * not know (yet) is still read from storage.
   */
  public void checkNamespacesIn(NamespaceStates cached) {
    this.namespaces = cached;
  }

  /**
   * Lets updates start from a cache's copy of the object (the watch cache), as kube-apiserver's
   * do; a copy that turns out stale costs a storage read and another attempt.
   */
  public void startUpdatesFrom(CachedStates cached) {
    this.cachedStates = cached;
  }

  /** Returns the time the registry stamps writes with. */
  public Instant now() {
    return clock.instant();
  }

  /** Returns the underlying store. */
  public RevisionedStore storage() {
    return store;
  }

  /** Reads the current state of an object from storage (a consistent read). */
  public ObjectNode get(ResourceType type, String namespace, String name) {
    return find(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
  }

  /** Reads the current state of an object from storage, or empty when it does not exist. */
  public Optional<ObjectNode> find(ResourceType type, String namespace, String name) {
    return store.get(type.storageKey(namespace, name)).map(RegistryStore::decode);
  }

  /**
   * Creates an object through the full create pipeline.
   *
   * @param namespace the namespace of the request path (null for cluster-scoped kinds)
   * @return the stored object, with its resourceVersion
   */
  public ObjectNode create(ResourceType type, String namespace, ObjectNode obj, WriteOptions options) {
    return createWritten(type, namespace, obj, options).object();
  }

  /**
   * As {@link #create}, also returning the stored object's JSON with its resourceVersion, ready to
   * send (null for a dry run).
   */
  public Written createWritten(ResourceType type, String namespace, ObjectNode obj, WriteOptions options) {
    ObjectNode meta = Json.metadata(obj);
    fillTypeMeta(type, obj);
    if (type.namespaced()) {
      String bodyNamespace = Json.text(meta, "namespace");
      if (bodyNamespace != null && !bodyNamespace.isEmpty() && namespace != null
          && !bodyNamespace.equals(namespace)) {
        throw ApiException.badRequest(
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      if (namespace != null) {
        meta.put("namespace", namespace);
      }
    } else {
      meta.remove("namespace");
    }
    if (meta.hasNonNull("resourceVersion") && !meta.get("resourceVersion").asText().isEmpty()) {
      throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
    }
    meta.remove("resourceVersion");
    boolean generated = false;
    String name = Json.text(meta, "name");
    if ((name == null || name.isEmpty()) && Json.text(meta, "generateName") != null
        && !Json.text(meta, "generateName").isEmpty()) {
      meta.put("name", names.generate(Json.text(meta, "generateName")));
      generated = true;
    }
    Instant now = clock.instant();
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", Metadata.timestamp(now));
    meta.remove("deletionTimestamp");
    meta.remove("deletionGracePeriodSeconds");
    meta.remove("selfLink");
    Metadata.dropEmptyCollections(obj);

    Defaulting.apply(type, obj);
    if (options.fieldManager() != null && !options.applied()) {
      FieldManager.update(type, null, obj, options.fieldManager(), options.managerSubresource(), now);
    }
    Preparation.forCreate(type, obj);
    List<FieldError> errors = Validation.validateCreate(type, obj);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(type, Metadata.name(obj), errors);
    }
    for (Admission admission : admissions) {
      admission.admitCreate(type, obj, this, options.dryRun());
    }
    if (type.namespaced()) {
      requireActiveNamespace(type, Metadata.namespace(obj), Metadata.name(obj));
    }
    if (options.dryRun()) {
      return new Written(obj, null);
    }
    for (int attempt = 0; ; attempt++) {
      String key = type.storageKey(Metadata.namespace(obj), Metadata.name(obj));
      try {
        StoredJson json = StoredJson.of(obj);
        KeyValue stored = store.create(key, json.bytes());
        Json.metadata(obj).put("resourceVersion", Long.toString(stored.modRevision()));
        return Written.of(obj, json, stored.modRevision());
      } catch (KeyExistsException e) {
        // A generated name that collided gets a new suffix, as kube-apiserver retries.
        if (generated && attempt < 8) {
          Json.metadata(obj).put("name", names.generate(Json.text(meta, "generateName")));
          continue;
        }
        throw ApiException.alreadyExists(type, Metadata.name(obj));
      }
    }
  }

  /**
   * Updates an object: {@code change} turns (a copy of) the current object into the desired one,
   * which then goes through the update pipeline. Without a resourceVersion in the desired object
   * a lost race is retried against the fresh state; with one, a stale version is a 409. The change
   * may be called more than once (a lost race, a stale cached copy) and must return a tree of its
   * own each time: the pipeline edits it, its resourceVersion included.
   *
   * @param subresource null for the main resource, {@code status} for the status subresource
   * @param createIfMissing when the object does not exist, create {@code change.apply(null)}
   *     instead (server-side apply)
   */
  public ObjectNode update(ResourceType type, String namespace, String name, String subresource,
      UnaryOperator<ObjectNode> change, WriteOptions options, boolean createIfMissing) {
    return update(type, namespace, name, subresource, (current, version) -> change.apply(current), options,
        createIfMissing);
  }

  /**
   * As {@link #update(ResourceType, String, String, String, UnaryOperator, WriteOptions, boolean)},
   * with the change also given the current resourceVersion (null when creating): a JSON patch may
   * test it.
   */
  public ObjectNode update(ResourceType type, String namespace, String name, String subresource,
      java.util.function.BiFunction<ObjectNode, String, ObjectNode> change, WriteOptions options,
      boolean createIfMissing) {
    return updateWritten(type, namespace, name, subresource, change, options, createIfMissing).object();
  }

  /**
   * As {@link #update(ResourceType, String, String, String, java.util.function.BiFunction,
   * WriteOptions, boolean)}, also returning the stored object's JSON with its resourceVersion, ready
   * to send (null when nothing was stored: a dry run, an update that changed nothing, a deletion).
   */
  public Written updateWritten(ResourceType type, String namespace, String name, String subresource,
      java.util.function.BiFunction<ObjectNode, String, ObjectNode> change, WriteOptions options,
      boolean createIfMissing) {
    String key = type.storageKey(namespace, name);
    // As kube-apiserver's cacher gives etcd's GuaranteedUpdate the watch cache's copy, the first
    // attempt starts from the cached object and skips the storage read. The copy may be behind:
    // then the compare-and-swap fails, and whatever else that copy decided (a failed
    // precondition, an error, nothing to change) is decided again on storage's copy.
    KeyValue cachedCopy = options.dryRun() || claimsOnUpdate(type) ? null : cachedStates.latest(key);
    if (cachedCopy != null) {
      try {
        Written written = attemptUpdate(type, namespace, name, key, subresource, change, options, cachedCopy, true, 0);
        if (written != null) {
          return written;
        }
      } catch (ApiException decidedOnACopy) {
        // tried again below on storage's copy, which decides
      }
    }
    for (int attempt = 0; ; attempt++) {
      Optional<KeyValue> found = store.get(key);
      if (found.isEmpty()) {
        if (createIfMissing) {
          ObjectNode created = change.apply(null, null);
          Json.metadata(created).put("name", name);
          return createWritten(type, namespace, created, options);
        }
        throw ApiException.notFound(type, name);
      }
      Written written = attemptUpdate(type, namespace, name, key, subresource, change, options, found.get(), false, attempt);
      if (written != null) {
        return written;
      }
    }
  }

  private boolean claimsOnUpdate(ResourceType type) {
    for (Admission admission : admissions) {
      if (admission.claimsOnUpdate(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One attempt of an update from {@code kv}, the state read from storage or (with {@code
   * cachedCopy}) from the cache; returns null when it must be tried again on a fresh read.
   */
  private Written attemptUpdate(ResourceType type, String namespace, String name, String key, String subresource,
      java.util.function.BiFunction<ObjectNode, String, ObjectNode> change, WriteOptions options,
      KeyValue kv, boolean cachedCopy, int attempt) {
    ObjectNode current = decode(kv);
    // The change sees the object without its resourceVersion: a version in the result is then a
    // precondition the caller asked for (a PUT body, a patch naming one), never one inherited
    // from the state it was computed from, which would turn every lost race into a 409.
    ObjectNode desired = change.apply(Metadata.withoutResourceVersion(current.deepCopy()),
        Long.toString(kv.modRevision()));
    fillTypeMeta(type, desired);
    ObjectNode meta = Json.metadata(desired);
    String bodyName = Json.text(meta, "name");
    if (bodyName == null || bodyName.isEmpty()) {
      meta.put("name", name);
    } else if (!bodyName.equals(name)) {
      throw ApiException.badRequest("the name of the object (" + bodyName
          + ") does not match the name on the URL (" + name + ")");
    }
    if (type.namespaced()) {
      String bodyNamespace = Json.text(meta, "namespace");
      if (bodyNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
        throw ApiException.badRequest(
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", namespace);
    } else {
      meta.remove("namespace");
    }
    String wantedVersion = Json.text(meta, "resourceVersion");
    boolean preconditioned = wantedVersion != null && !wantedVersion.isEmpty();
    if (preconditioned && !wantedVersion.equals(Long.toString(kv.modRevision()))) {
      throw ApiException.modified(type, name);
    }
    String wantedUid = Json.text(meta, "uid");
    if (wantedUid != null && !wantedUid.isEmpty() && !wantedUid.equals(Metadata.uid(current))) {
      throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: "
          + wantedUid + ", UID in object meta: " + Metadata.uid(current));
    }
    keepServerOwnedMetadata(desired, current);
    Metadata.dropEmptyCollections(desired);

    // A binding only assigns the node and finalize only edits the namespace's finalizers: both
    // bypass the update strategy, as kube-apiserver's do.
    if (!"binding".equals(subresource) && !"finalize".equals(subresource)) {
      String managerSubresource = options.managerSubresource() != null ? options.managerSubresource() : subresource;
      boolean status = "status".equals(subresource);
      // A status write keeps only status and metadata of what it sends (the field manager too
      // looks at nothing else), so defaults that fill only the spec would be thrown away.
      if (!(status && "status".equals(managerSubresource) && Defaulting.fillsOnlySpec(type))) {
        Defaulting.apply(type, desired);
      }
      if (options.fieldManager() != null && !options.applied()) {
        FieldManager.update(type, current, desired, options.fieldManager(), managerSubresource, clock.instant());
      }
      if (status) {
        Preparation.forStatusUpdate(type, desired, current);
      } else {
        Preparation.forUpdate(type, desired, current);
      }
      List<FieldError> errors = status
          ? Validation.validateStatusUpdate(type, desired, current)
          : Validation.validateUpdate(type, desired, current);
      if (!errors.isEmpty()) {
        throw ApiException.invalid(type, name, errors);
      }
      for (Admission admission : admissions) {
        admission.admitUpdate(type, desired, current, this, options.dryRun());
      }
    }
    Metadata.withoutResourceVersion(desired);
    if (equalsIgnoringResourceVersion(desired, current)) {
      // Nothing to change is only an answer when the copy is storage's own.
      return cachedCopy ? null : new Written(current, null);
    }
    if (options.dryRun()) {
      Json.metadata(desired).put("resourceVersion", Long.toString(kv.modRevision()));
      return new Written(desired, null);
    }
    try {
      if (Metadata.isDeleting(desired) && !Metadata.hasFinalizers(desired)
          && !hasNamespaceFinalizers(type, desired)) {
        // The last finalizer of an object being deleted is gone: the object goes with it.
        long revision = store.delete(key, kv.modRevision()).revision();
        Json.metadata(desired).put("resourceVersion", Long.toString(revision));
        return new Written(desired, null);
      }
      StoredJson json = StoredJson.of(desired);
      KeyValue stored = store.update(key, json.bytes(), kv.modRevision());
      Json.metadata(desired).put("resourceVersion", Long.toString(stored.modRevision()));
      return Written.of(desired, json, stored.modRevision());
    } catch (ConflictException e) {
      if (!cachedCopy && (preconditioned || attempt >= MAX_RETRIES)) {
        throw ApiException.modified(type, name);
      }
      return null;
    }
  }

  /**
   * Whether an update changes nothing: compares with {@code current}'s version set aside for the
   * moment rather than on a copy (this runs on every write; {@code current} is this update's own).
   */
  private static boolean equalsIgnoringResourceVersion(ObjectNode desired, ObjectNode current) {
    // The status first: most writes are status writes, which a different status answers without
    // walking the spec and metadata before it.
    if (!java.util.Objects.equals(desired.get("status"), current.get("status"))) {
      return false;
    }
    ObjectNode meta = Json.metadata(current);
    JsonNode version = meta.remove("resourceVersion");
    try {
      return desired.equals(current);
    } finally {
      if (version != null) {
        meta.set("resourceVersion", version);
      }
    }
  }

  /**
   * Deletes an object, honouring preconditions, finalizers and graceful deletion.
   *
   * @return the outcome: the object still exists (being deleted) or is gone
   */
  public DeleteOutcome delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    String key = type.storageKey(namespace, name);
    for (int attempt = 0; ; attempt++) {
      KeyValue kv = store.get(key).orElseThrow(() -> ApiException.notFound(type, name));
      ObjectNode current = decode(kv);
      if (options.preconditionUid() != null && !options.preconditionUid().equals(Metadata.uid(current))) {
        throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: "
            + options.preconditionUid() + ", UID in object meta: " + Metadata.uid(current));
      }
      if (options.preconditionResourceVersion() != null
          && !options.preconditionResourceVersion().equals(Long.toString(kv.modRevision()))) {
        throw ApiException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
            + options.preconditionResourceVersion() + ", ResourceVersion in object meta: " + kv.modRevision());
      }
      ObjectNode desired = current.deepCopy();
      ObjectNode meta = Json.metadata(desired);
      Instant now = clock.instant();
      long grace = gracePeriod(type, current, options);
      boolean alreadyDeleting = Metadata.isDeleting(current);
      boolean finalizersChanged = garbageCollection && applyPropagationFinalizers(desired, options);
      boolean waitsForFinalizers = Metadata.hasFinalizers(desired) || hasNamespaceFinalizers(type, current);
      boolean stays;
      if (alreadyDeleting) {
        boolean forced = options.gracePeriodSeconds() != null && options.gracePeriodSeconds() == 0;
        if (!finalizersChanged && !(forced && !waitsForFinalizers)) {
          // Deleting again changes nothing: the grace period runs, or finalizers are pending.
          return new DeleteOutcome(current, false);
        }
        stays = waitsForFinalizers || (!forced && current.path("metadata").path("deletionGracePeriodSeconds").asLong(0) > 0);
      } else if (grace > 0) {
        // Graceful deletion: the object stays, marked, until its kubelet confirms the stop.
        meta.put("deletionTimestamp", Metadata.timestamp(now.plusSeconds(grace)));
        meta.put("deletionGracePeriodSeconds", grace);
        stays = true;
      } else if (waitsForFinalizers) {
        meta.put("deletionTimestamp", Metadata.timestamp(now));
        meta.put("deletionGracePeriodSeconds", 0);
        if (type == BuiltinResources.NAMESPACES) {
          Json.child(desired, "status").put("phase", "Terminating");
        }
        stays = true;
      } else {
        stays = false;
      }
      if (!stays) {
        if (options.dryRun()) {
          return new DeleteOutcome(current, true);
        }
        try {
          store.delete(key, kv.modRevision());
          return new DeleteOutcome(current, true);
        } catch (ConflictException e) {
          if (attempt >= MAX_RETRIES) {
            throw ApiException.modified(type, name);
          }
          continue;
        }
      }
      if (options.dryRun()) {
        return new DeleteOutcome(desired, false);
      }
      try {
        Metadata.withoutResourceVersion(desired);
        KeyValue stored = store.update(key, Json.bytes(desired), kv.modRevision());
        meta.put("resourceVersion", Long.toString(stored.modRevision()));
        return new DeleteOutcome(desired, false);
      } catch (ConflictException e) {
        if (attempt >= MAX_RETRIES) {
          throw ApiException.modified(type, name);
        }
      }
    }
  }

  /**
   * Puts the garbage collector's finalizer for the request's propagation policy on an object being
   * deleted, as kube-apiserver does: {@code orphan} for Orphan, {@code foregroundDeletion} for
   * Foreground, neither for Background (the default for every kind served here).
   *
   * @return whether the finalizers changed
   */
  private static boolean applyPropagationFinalizers(ObjectNode desired, DeleteOptions options) {
    String policy = options.propagationPolicy() == null ? "Background" : options.propagationPolicy();
    ObjectNode meta = Json.metadata(desired);
    java.util.LinkedHashSet<String> finalizers = new java.util.LinkedHashSet<>();
    if (meta.get("finalizers") instanceof ArrayNode existing) {
      existing.forEach(f -> finalizers.add(f.asText()));
    }
    java.util.LinkedHashSet<String> before = new java.util.LinkedHashSet<>(finalizers);
    switch (policy) {
      case "Orphan" -> {
        finalizers.remove(FOREGROUND);
        finalizers.add(ORPHAN);
      }
      case "Foreground" -> {
        finalizers.remove(ORPHAN);
        finalizers.add(FOREGROUND);
      }
      default -> {
        finalizers.remove(ORPHAN);
        finalizers.remove(FOREGROUND);
      }
    }
    if (finalizers.equals(before)) {
      return false;
    }
    if (finalizers.isEmpty()) {
      meta.remove("finalizers");
    } else {
      ArrayNode list = meta.putArray("finalizers");
      finalizers.forEach(list::add);
    }
    return true;
  }

  /**
   * Returns the grace period a delete gets: only pods that a node runs are deleted gracefully;
   * unscheduled or finished pods, and every other kind, go at once.
   */
  private static long gracePeriod(ResourceType type, ObjectNode current, DeleteOptions options) {
    if (type != BuiltinResources.PODS) {
      return 0;
    }
    JsonNode spec = current.path("spec");
    String phase = current.path("status").path("phase").asText("");
    if (spec.path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      return 0;
    }
    if (options.gracePeriodSeconds() != null) {
      return Math.max(0, options.gracePeriodSeconds());
    }
    JsonNode own = spec.get("terminationGracePeriodSeconds");
    return own != null && own.canConvertToLong() ? Math.max(0, own.asLong()) : 30;
  }

  /**
   * Returns whether a namespace still waits for its content to be removed: kube-apiserver keeps
   * those finalizers in {@code spec.finalizers}, apart from the metadata ones.
   */
  private static boolean hasNamespaceFinalizers(ResourceType type, JsonNode obj) {
    if (type != BuiltinResources.NAMESPACES) {
      return false;
    }
    JsonNode finalizers = obj.path("spec").get("finalizers");
    return finalizers != null && finalizers.isArray() && !finalizers.isEmpty();
  }

  private void requireActiveNamespace(ResourceType type, String namespace, String name) {
    NamespaceState cached = namespaces.state(namespace);
    if (cached == NamespaceState.ACTIVE) {
      return;
    }
    if (cached == NamespaceState.TERMINATING) {
      throw terminating(type, namespace, name);
    }
    Optional<ObjectNode> ns = find(BuiltinResources.NAMESPACES, null, namespace);
    if (ns.isEmpty()) {
      throw ApiException.notFound(BuiltinResources.NAMESPACES, namespace);
    }
    if (Metadata.isDeleting(ns.get())) {
      throw terminating(type, namespace, name);
    }
  }

  private static ApiException terminating(ResourceType type, String namespace, String name) {
    return ApiException.forbidden(type, name, "unable to create new content in namespace "
        + namespace + " because it is being terminated");
  }

  /** Copies the fields only the server may set from the stored object into an update. */
  private static void keepServerOwnedMetadata(ObjectNode desired, ObjectNode current) {
    ObjectNode meta = Json.metadata(desired);
    JsonNode currentMeta = current.get("metadata");
    for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "generation")) {
      JsonNode value = currentMeta.get(field);
      if (value == null) {
        meta.remove(field);
      } else {
        meta.set(field, value);
      }
    }
    meta.remove("selfLink");
    // An object being deleted may lose finalizers but gain none, as kube-apiserver enforces.
    if (Metadata.isDeleting(current)) {
      ArrayNode before = currentMeta.get("finalizers") instanceof ArrayNode a ? a : null;
      if (meta.get("finalizers") instanceof ArrayNode after && before != null) {
        for (JsonNode finalizer : after) {
          boolean known = false;
          for (JsonNode existing : before) {
            known |= existing.equals(finalizer);
          }
          if (!known) {
            throw ApiException.invalid(BuiltinResources.findByKind(
                    Json.text(desired, "apiVersion"), Json.text(desired, "kind")).orElseThrow(),
                Metadata.name(desired),
                List.of(new FieldError(FieldError.Type.FORBIDDEN, "metadata.finalizers", null,
                    "no new finalizers can be added if the object is being deleted, found new finalizers []string{"
                        + finalizer.toString() + "}")));
          }
        }
      }
    }
  }

  private static void fillTypeMeta(ResourceType type, ObjectNode obj) {
    obj.put("apiVersion", type.apiVersion());
    obj.put("kind", type.kind());
  }

  /** Decodes a stored value into an object tree carrying its resourceVersion. */
  public static ObjectNode decode(KeyValue kv) {
    try {
      ObjectNode obj = (ObjectNode) Json.parse(kv.value());
      Json.metadata(obj).put("resourceVersion", Long.toString(kv.modRevision()));
      return obj;
    } catch (IOException | ClassCastException e) {
      throw ApiException.internal("stored object at " + kv.key() + " cannot be decoded");
    }
  }

  /**
   * The result of a delete.
   *
   * @param object the object: its final state when gone, its marked state when still present
   * @param gone whether it was removed from storage
   */
  public record DeleteOutcome(ObjectNode object, boolean gone) {}

  /**
   * The result of a create or update: the object, and the same object as JSON (resourceVersion
   * included) when it is at hand without serializing again, else null.
   */
  public record Written(ObjectNode object, byte[] json) {
    static Written of(ObjectNode object, StoredJson stored, long revision) {
      return new Written(object, stored.spliceable() ? stored.withResourceVersion(revision) : null);
    }
  }
}
