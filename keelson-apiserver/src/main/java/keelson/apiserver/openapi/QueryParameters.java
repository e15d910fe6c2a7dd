package keelson.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The query and path parameters of Kubernetes REST operations, written inline on each operation:
 * kubectl's field-validation check only looks at an operation's own {@code parameters}.
 */
final class QueryParameters {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private QueryParameters() {}

  /** Returns the parameters of a write (create, replace): dry run, field manager, field validation. */
  static ArrayNode write() {
    return NODES.arrayNode()
        .add(dryRun())
        .add(string("fieldManager", "Name of the actor making the change, recorded in managed fields."))
        .add(fieldValidation());
  }

  /** Returns the parameters of a patch: those of a write plus {@code force} for server-side apply. */
  static ArrayNode patch() {
    return write()
        .add(bool("force", "Server-side apply only: take ownership of fields other managers own."));
  }

  /** Returns the parameters of a list or watch of a collection. */
  static ArrayNode list() {
    return NODES.arrayNode()
        .add(bool("allowWatchBookmarks", "Ask a watch to send BOOKMARK events."))
        .add(string("continue", "Token from the previous page's metadata.continue."))
        .add(string("fieldSelector", "Only return objects whose fields match, such as metadata.name=web."))
        .add(string("labelSelector", "Only return objects whose labels match, such as app=web."))
        .add(integer("limit", "Return at most this many objects and a continue token for the rest."))
        .add(string("resourceVersion", "Serve from this resourceVersion (see resourceVersionMatch)."))
        .add(string("resourceVersionMatch", "How resourceVersion applies: Exact or NotOlderThan."))
        .add(bool("sendInitialEvents", "Start a watch with synthetic ADDED events for existing objects."))
        .add(integer("timeoutSeconds", "End a list or watch after this many seconds."))
        .add(bool("watch", "Stream changes instead of returning a list."));
  }

  /** Returns the parameters of a delete of one object. */
  static ArrayNode delete() {
    return NODES.arrayNode()
        .add(dryRun())
        .add(integer("gracePeriodSeconds", "Seconds before the object is deleted; 0 deletes at once."))
        .add(bool("orphanDependents", "Deprecated; use propagationPolicy."))
        .add(string("propagationPolicy", "Garbage collection of dependents: Orphan, Background or Foreground."));
  }

  /** Returns the parameters of a delete of a whole collection: a delete's and a list's. */
  static ArrayNode deleteCollection() {
    ArrayNode parameters = delete();
    for (var parameter : list()) {
      String name = parameter.get("name").asText();
      if (!name.equals("watch") && !name.equals("allowWatchBookmarks")) {
        parameters.add(parameter);
      }
    }
    return parameters;
  }

  /** Returns the {@code {name}} path parameter. */
  static ObjectNode name(String kind) {
    return path("name", "name of the " + kind);
  }

  /** Returns the {@code {namespace}} path parameter. */
  static ObjectNode namespace() {
    return path("namespace", "object name and auth scope, such as for teams and projects");
  }

  /** Returns the {@code pretty} parameter every path accepts. */
  static ObjectNode pretty() {
    return string("pretty", "If 'true', the output is pretty printed.");
  }

  private static ObjectNode dryRun() {
    return string("dryRun", "When All, run every stage of the request but persist nothing.");
  }

  private static ObjectNode fieldValidation() {
    return string(
        "fieldValidation",
        "What to do with unknown fields in the body: Ignore drops them, Warn drops them with a"
            + " warning, Strict rejects the request.");
  }

  private static ObjectNode path(String name, String description) {
    ObjectNode parameter = parameter(name, "path", description, "string");
    parameter.put("required", true);
    return parameter;
  }

  private static ObjectNode string(String name, String description) {
    return parameter(name, "query", description, "string");
  }

  private static ObjectNode bool(String name, String description) {
    return parameter(name, "query", description, "boolean");
  }

  private static ObjectNode integer(String name, String description) {
    return parameter(name, "query", description, "integer");
  }

  private static ObjectNode parameter(String name, String in, String description, String type) {
    ObjectNode parameter = NODES.objectNode();
    parameter.put("name", name);
    parameter.put("in", in);
    parameter.put("description", description);
    ObjectNode schema = parameter.putObject("schema");
    schema.put("type", type);
    schema.put("uniqueItems", true);
    return parameter;
  }
}
