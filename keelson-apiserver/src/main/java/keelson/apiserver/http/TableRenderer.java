package keelson.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import keelson.api.registry.ResourceType;
import keelson.api.tables.Column;
import keelson.api.tables.TablePrinter;
import keelson.api.tables.TablePrinters;
import keelson.apiserver.rest.Json;

/** Renders objects as meta.k8s.io/v1 Table, the form {@code kubectl get} asks for. */
final class TableRenderer {
  private TableRenderer() {}

  /**
   * Builds a Table.
   *
   * @param includeObject None, Metadata (the default) or Object: what each row's object carries
   * @param withColumns whether to include the column definitions (watch events after the first
   *     leave them out, as kube-apiserver does)
   */
  static ObjectNode table(ResourceType type, List<? extends JsonNode> objects, String resourceVersion,
      String continueToken, String includeObject, boolean withColumns, Instant now) {
    TablePrinter printer = TablePrinters.forType(type);
    ObjectNode table = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    ArrayNode columns = table.putArray("columnDefinitions");
    if (withColumns) {
      for (Column column : printer.columns()) {
        columns.addObject()
            .put("name", column.name())
            .put("type", column.type())
            .put("format", column.format())
            .put("description", column.description())
            .put("priority", column.priority());
      }
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Object cell : printer.cells(object, now)) {
        if (cell instanceof Number number) {
          cells.add(number.longValue());
        } else if (cell instanceof Boolean flag) {
          cells.add(flag);
        } else {
          cells.add(String.valueOf(cell));
        }
      }
      switch (includeObject == null ? "Metadata" : includeObject) {
        case "None" -> { }
        case "Object" -> row.set("object", object);
        default -> row.set("object", partialMetadata(object));
      }
    }
    return table;
  }

  /** Returns the PartialObjectMetadata form of an object: its metadata only. */
  static ObjectNode partialMetadata(JsonNode object) {
    ObjectNode partial = Json.object().put("kind", "PartialObjectMetadata")
        .put("apiVersion", "meta.k8s.io/v1");
    JsonNode meta = object.get("metadata");
    partial.set("metadata", meta == null ? Json.object() : meta);
    return partial;
  }
}
