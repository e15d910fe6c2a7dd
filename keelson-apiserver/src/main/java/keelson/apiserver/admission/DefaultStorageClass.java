package keelson.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Optional;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.apiserver.rest.Admission;
import keelson.apiserver.rest.Json;
import keelson.apiserver.watch.CachedObject;
import keelson.apiserver.watch.WatchCache;

/**
 * Gives a new claim without {@code spec.storageClassName} the default StorageClass, as the
 * DefaultStorageClass plugin does. An explicit empty class means "no class" and is left alone; when
 * several classes are default, the most recently created wins.
 */
public final class DefaultStorageClass implements Admission {
  private static final String DEFAULT = "storageclass.kubernetes.io/is-default-class";
  private static final String BETA_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";

  private final WatchCache cache;

  public DefaultStorageClass(WatchCache cache) {
    this.cache = cache;
  }

  @Override
  public void admitCreate(ResourceType type, ObjectNode obj, keelson.apiserver.rest.RegistryStore registry) {
    if (type != BuiltinResources.PERSISTENT_VOLUME_CLAIMS) {
      return;
    }
    ObjectNode spec = Json.child(obj, "spec");
    if (spec.has("storageClassName") && !spec.get("storageClassName").isNull()) {
      return;
    }
    defaultClass().ifPresent(name -> spec.put("storageClassName", name));
  }

  private Optional<String> defaultClass() {
    return cache.list(BuiltinResources.STORAGE_CLASSES.storagePrefix(null)).items().stream()
        .map(CachedObject::tree)
        .filter(DefaultStorageClass::isDefault)
        .max(Comparator.comparing((JsonNode c) -> c.path("metadata").path("creationTimestamp").asText(""))
            .thenComparing(c -> c.path("metadata").path("name").asText("")))
        .map(c -> c.path("metadata").path("name").asText());
  }

  private static boolean isDefault(JsonNode storageClass) {
    JsonNode annotations = storageClass.path("metadata").path("annotations");
    return "true".equals(annotations.path(DEFAULT).asText(null))
        || "true".equals(annotations.path(BETA_DEFAULT).asText(null));
  }
}
