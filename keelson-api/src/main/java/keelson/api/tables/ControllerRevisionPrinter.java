package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Prints controllerrevisions: Name, Controller ({@code statefulset.apps/web}), Revision, Age. */
final class ControllerRevisionPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(Columns.name(),
      Columns.text("Controller", "The object that owns and manages this revision."),
      Columns.text("Revision", "The revision number."), Columns.age());

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode revision, Instant now) {
    return List.of(Json.name(revision), controller(revision), Json.integer(revision, "revision"),
        Json.age(revision, now));
  }

  private static String controller(JsonNode revision) {
    for (JsonNode owner : Json.at(revision, "metadata", "ownerReferences")) {
      if (Json.bool(owner, "controller")) {
        String apiVersion = Json.text(owner, "apiVersion");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String kind = Json.text(owner, "kind");
        String groupKind = group.isEmpty() ? kind : kind + "." + group;
        String name = Json.text(owner, "name");
        return groupKind.isEmpty() ? name : groupKind.toLowerCase(Locale.ROOT) + "/" + name;
      }
    }
    return "<none>";
  }
}
