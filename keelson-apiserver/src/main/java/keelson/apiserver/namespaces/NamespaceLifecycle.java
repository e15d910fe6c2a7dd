package keelson.apiserver.namespaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.DeleteOptions;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.Metadata;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.WriteOptions;
import keelson.apiserver.watch.CachedObject;
import keelson.apiserver.watch.WatchCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps namespaces as Kubernetes' namespace and service-account controllers do: every active
 * namespace has a {@code default} ServiceAccount; a namespace with a deletionTimestamp is emptied
 * and then finalized. Level-triggered: each pass looks at what is there now, so a restart in the
 * middle simply continues.
 */
public final class NamespaceLifecycle implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NamespaceLifecycle.class);
  private static final Duration PERIOD = Duration.ofMillis(500);
  private static final String FINALIZER = "kubernetes";
  private static final String DEFAULT_ACCOUNT = "default";

  private final RegistryStore registry;
  private final WatchCache cache;
  private final List<ResourceType> namespaced;
  private final Thread thread;
  private volatile boolean running = true;

  public NamespaceLifecycle(RegistryStore registry, WatchCache cache, List<ResourceType> types) {
    this.registry = registry;
    this.cache = cache;
    this.namespaced = types.stream().filter(ResourceType::namespaced).toList();
    this.thread = Thread.ofVirtual().name("namespace-finalizer").unstarted(this::loop);
  }

  /** Starts the background passes. */
  public void start() {
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        passOnce();
        Thread.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("error", e.toString()).log("namespace cleanup pass failed; will retry");
      }
    }
  }

  /** Runs one pass over every namespace. */
  void passOnce() {
    for (CachedObject namespace : cache.list(BuiltinResources.NAMESPACES.storagePrefix(null)).items()) {
      ObjectNode tree = namespace.tree();
      String name = Metadata.name(tree);
      if (Metadata.isDeleting(tree)) {
        if (hasOwnFinalizer(tree)) {
          cleanUp(name);
        }
      } else {
        ensureDefaultServiceAccount(name);
      }
    }
  }

  private void ensureDefaultServiceAccount(String namespace) {
    if (cache.get(BuiltinResources.SERVICE_ACCOUNTS.storageKey(namespace, DEFAULT_ACCOUNT)) != null) {
      return;
    }
    ObjectNode account = Json.object();
    account.putObject("metadata").put("name", DEFAULT_ACCOUNT);
    try {
      registry.create(BuiltinResources.SERVICE_ACCOUNTS, namespace, account, WriteOptions.DEFAULT);
    } catch (ApiException e) {
      // 409: created meanwhile (another server, or the cache lagged); 403/404: the namespace is going.
      if (e.code() != 409 && e.code() != 403 && e.code() != 404) {
        throw e;
      }
    }
  }

  private void cleanUp(String namespace) {
    int remaining = 0;
    for (ResourceType type : namespaced) {
      for (CachedObject object : cache.list(type.storagePrefix(namespace)).items()) {
        remaining++;
        ObjectNode tree = object.tree();
        if (Metadata.isDeleting(tree)) {
          continue;
        }
        try {
          registry.delete(type, namespace, Metadata.name(tree), DeleteOptions.DEFAULT);
        } catch (ApiException e) {
          if (e.code() != 404) {
            throw e;
          }
        }
      }
    }
    if (remaining > 0) {
      return;
    }
    try {
      registry.update(BuiltinResources.NAMESPACES, null, namespace, "finalize", current -> {
        JsonNode before = current.path("spec").path("finalizers").deepCopy();
        ObjectNode spec = Json.child(current, "spec");
        var kept = spec.putArray("finalizers");
        for (JsonNode finalizer : before) {
          if (!finalizer.asText().equals(FINALIZER)) {
            kept.add(finalizer);
          }
        }
        if (kept.isEmpty()) {
          spec.remove("finalizers");
        }
        return current;
      }, WriteOptions.DEFAULT, false);
      log.atInfo().addKeyValue("namespace", namespace).log("namespace emptied and finalized");
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private static boolean hasOwnFinalizer(JsonNode namespace) {
    for (JsonNode finalizer : namespace.path("spec").path("finalizers")) {
      if (finalizer.asText().equals(FINALIZER)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
