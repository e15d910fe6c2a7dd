package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import keelson.api.registry.BuiltinResources;
import keelson.api.registry.ResourceType;
import keelson.api.validation.FieldError;
import keelson.apiserver.fieldmanager.FieldManager;
import keelson.apiserver.rest.ApiException;
import keelson.apiserver.rest.DeleteOptions;
import keelson.apiserver.rest.Json;
import keelson.apiserver.rest.Metadata;
import keelson.apiserver.rest.RegistryStore;
import keelson.apiserver.rest.ResourcePath;
import keelson.apiserver.rest.WriteOptions;
import keelson.apiserver.watch.CachedObject;

/** Serves the writing verbs on objects and their status subresource. */
final class WriteHandler {
  private final ServerContext context;

  WriteHandler(ServerContext context) {
    this.context = context;
  }

  /** POST on a collection. */
  void create(HttpExchange exchange, ResourcePath path) {
    ObjectNode body = Bodies.object(exchange);
    checkTypeMeta(path.type(), body);
    FieldValidation.of(exchange.query("fieldValidation")).checkBody(path.type(), body, exchange);
    send(exchange, 201, context.registry().createWritten(path.type(), path.namespace(), body, options(exchange)));
  }

  /** PUT on an object or its status. */
  void update(HttpExchange exchange, ResourcePath path) {
    ObjectNode body = Bodies.object(exchange);
    checkTypeMeta(path.type(), body);
    FieldValidation.of(exchange.query("fieldValidation")).checkBody(path.type(), body, exchange);
    // Each attempt gets its own copy: an attempt fills in and strips the object it is given (its
    // resourceVersion among them), and a retry must start from what the client sent.
    send(exchange, 200, context.registry().updateWritten(path.type(), path.namespace(), path.name(),
        path.subresource(), (current, version) -> body.deepCopy(), options(exchange), false));
  }

  /** PATCH on an object or its status, in any of the four patch formats. */
  void patch(HttpExchange exchange, ResourcePath path) {
    String contentType = exchange.contentType();
    PatchFormat format = PatchFormat.of(contentType);
    JsonNode patch = Bodies.parse(format == PatchFormat.APPLY ? "application/yaml" : "application/json",
        exchange.body());
    FieldValidation validation = FieldValidation.of(exchange.query("fieldValidation"));
    WriteOptions options = patchOptions(exchange, format == PatchFormat.APPLY);
    boolean force = "true".equals(exchange.query("force"));
    if (format == PatchFormat.APPLY && !(patch instanceof ObjectNode)) {
      throw ApiException.badRequest("the apply configuration must be an object");
    }
    ResourceType type = path.type();
    // Decided once per request, not once per update attempt.
    boolean addsNoUnknown = FieldValidation.addsNoUnknownFields(type, format, patch, exchange.hasView());
    boolean[] created = {false};
    RegistryStore.Written result = context.registry().updateWritten(type, path.namespace(), path.name(),
        path.subresource(), (current, version) -> {
          created[0] = current == null;
          ObjectNode patched;
          if (format == PatchFormat.APPLY) {
            // Through a view (events.k8s.io) the configuration is converted to the stored kind first.
            // A copy per attempt, as for a replace: the merge must not see an earlier attempt's edits.
            ObjectNode config = exchange.hasView() ? exchange.inbound(((ObjectNode) patch).deepCopy())
                : ((ObjectNode) patch).deepCopy();
            patched = FieldManager.apply(type, current, config, options.fieldManager(), path.subresource(),
                force, context.clock().instant());
          } else if (exchange.hasView()) {
            patched = patchThroughView(exchange, format, current, patch);
          } else if (format == PatchFormat.JSON_PATCH) {
            patched = jsonPatch(type, current, version, patch);
          } else {
            patched = Patches.apply(format, type, current, patch);
          }
          List<String> unknown = addsNoUnknown ? List.of() : FieldValidation.unknown(type, patched);
          if (!unknown.isEmpty()) {
            if (format == PatchFormat.APPLY) {
              throw ApiException.internalNoReason("failed to create typed patch object ("
                  + (path.namespace() == null ? "" : path.namespace() + "/") + path.name() + "; "
                  + type.apiVersion() + ", Kind=" + type.kind() + "): "
                  + String.join(", ", unknown.stream().map(f -> "." + f + ": field not declared in schema").toList()));
            }
            if (validation == FieldValidation.STRICT) {
              throw ApiException.invalidRequest(List.of(new FieldError(FieldError.Type.INVALID, "patch",
                  "\"" + Json.bytesAsString(patch).replace("\"", "\\\"") + "\"",
                  "strict decoding error: " + FieldValidation.describe(unknown))));
            }
            validation.dropAndWarn(type, patched, exchange);
          }
          return patched;
        },
        format == PatchFormat.APPLY ? options.asApply() : options,
        format == PatchFormat.APPLY && path.subresource() == null);
    send(exchange, created[0] ? 201 : 200, result);
  }

  /**
   * Answers a write with the written object: the stored bytes with their version when the registry
   * has them and no view must convert them, else the object serialized.
   */
  private static void send(HttpExchange exchange, int status, RegistryStore.Written written) {
    if (written.json() != null && !exchange.hasView()) {
      exchange.send(status, "application/json", written.json());
    } else {
      exchange.sendJson(status, written.object());
    }
  }

  /**
   * Applies a JSON patch to the object as stored, resourceVersion included, so that a {@code test}
   * of it works (kubectl's managed-fields migration relies on one); a version the patch left alone
   * is no precondition, one it changed is.
   */
  private static ObjectNode jsonPatch(ResourceType type, ObjectNode current, String version, JsonNode patch) {
    if (current != null && version != null) {
      Json.metadata(current).put("resourceVersion", version);
    }
    ObjectNode patched = Patches.apply(PatchFormat.JSON_PATCH, type, current, patch);
    if (version != null && version.equals(Metadata.resourceVersion(patched))) {
      Metadata.withoutResourceVersion(patched);
    }
    return patched;
  }

  /**
   * The options of a PATCH, checked as kube-apiserver's PatchOptions: apply needs a fieldManager,
   * {@code force} is for apply only.
   */
  static WriteOptions patchOptions(HttpExchange exchange, boolean apply) {
    List<FieldError> errors = new java.util.ArrayList<>();
    String fieldManager = exchange.query("fieldManager");
    if (!apply && exchange.query("force") != null) {
      errors.add(new FieldError(FieldError.Type.FORBIDDEN, "force", null, "may not be specified for non-apply patch"));
    }
    if (apply && (fieldManager == null || fieldManager.isEmpty())) {
      errors.add(new FieldError(FieldError.Type.REQUIRED, "fieldManager", null, "is required for apply patch"));
    }
    errors.addAll(fieldManagerErrors(fieldManager));
    if (!errors.isEmpty()) {
      throw ApiException.invalidOptions("PatchOptions", errors);
    }
    return options(exchange);
  }

  /** Applies a patch written against the requested version to the stored object, converting both ways. */
  private static ObjectNode patchThroughView(HttpExchange exchange, PatchFormat format, ObjectNode current,
      JsonNode patch) {
    ObjectNode viewed = current == null ? null : (ObjectNode) exchange.outbound(current);
    return exchange.inbound(Patches.apply(format, BuiltinResources.EVENTS_V1, viewed, patch));
  }

  /** DELETE on an object. */
  void delete(HttpExchange exchange, ResourcePath path) {
    DeleteOptions options = deleteOptions(exchange);
    RegistryStore.DeleteOutcome outcome =
        context.registry().delete(path.type(), path.namespace(), path.name(), options);
    if (outcome.gone() && path.type() != BuiltinResources.PODS) {
      ObjectNode status = Json.object().put("kind", "Status").put("apiVersion", "v1");
      status.putObject("metadata");
      status.put("status", "Success");
      ObjectNode details = status.putObject("details").put("name", path.name());
      if (!path.type().group().isEmpty()) {
        details.put("group", path.type().group());
      }
      details.put("kind", path.type().plural()).put("uid", Metadata.uid(outcome.object()));
      exchange.sendJson(200, status);
    } else {
      exchange.sendJson(200, outcome.object());
    }
  }

  /** DELETE on a collection: deletes every selected object, returning them. */
  void deleteCollection(HttpExchange exchange, ResourcePath path) {
    DeleteOptions options = deleteOptions(exchange);
    ResourceType type = path.type();
    var selected = Selection.of(type, exchange.query("labelSelector"), exchange.query("fieldSelector"));
    ObjectNode list = Json.object().put("kind", type.listKind()).put("apiVersion", type.apiVersion());
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    for (CachedObject object : context.cache().list(type.storagePrefix(path.namespace())).items()) {
      if (!object.matches(selected)) {
        continue;
      }
      try {
        ObjectNode tree = object.tree();
        var outcome = context.registry().delete(type, Metadata.namespace(tree), Metadata.name(tree), options);
        items.add(outcome.object());
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    exchange.sendJson(200, list);
  }

  private static DeleteOptions deleteOptions(HttpExchange exchange) {
    JsonNode body = Bodies.optional(exchange);
    return DeleteOptions.from(body, exchange.query("gracePeriodSeconds"),
        exchange.query("propagationPolicy"), isDryRun(exchange));
  }

  /** The options of a write: dry run, and the manager it is attributed to in managedFields. */
  static WriteOptions options(HttpExchange exchange) {
    return new WriteOptions(isDryRun(exchange),
        FieldManager.managerFor(exchange.query("fieldManager"), exchange.header("User-Agent")));
  }

  /** Checks a fieldManager parameter as kube-apiserver: at most 128 printable characters. */
  private static List<FieldError> fieldManagerErrors(String fieldManager) {
    if (fieldManager == null) {
      return List.of();
    }
    if (fieldManager.codePointCount(0, fieldManager.length()) > 128) {
      return List.of(new FieldError(FieldError.Type.TOO_LONG, "fieldManager", null,
          "may not be longer than 128"));
    }
    boolean printable = fieldManager.codePoints().noneMatch(Character::isISOControl);
    return printable ? List.of() : List.of(new FieldError(FieldError.Type.INVALID, "fieldManager",
        "\"" + fieldManager + "\"", "must only contain printable characters"));
  }

  private static boolean isDryRun(HttpExchange exchange) {
    String dryRun = exchange.query("dryRun");
    if (dryRun == null || dryRun.isEmpty()) {
      return false;
    }
    if (!dryRun.equals("All")) {
      throw ApiException.badRequest("dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\"");
    }
    return true;
  }

  /** A body for the wrong kind is refused, as kube-apiserver refuses it. */
  private static void checkTypeMeta(ResourceType type, ObjectNode body) {
    String kind = Json.text(body, "kind");
    String apiVersion = Json.text(body, "apiVersion");
    if (kind != null && !kind.isEmpty() && !kind.equals(type.kind())) {
      throw ApiException.badRequest("the server could not process a " + kind + " at the "
          + type.qualifiedResource() + " endpoint");
    }
    if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (" + type.apiVersion() + ")");
    }
  }
}
