package keelson.apiserver.fieldmanager;

import com.fasterxml.jackson.databind.JsonNode;
import keelson.apiserver.rest.Json;

final class FieldManagerTestSupport {
  private FieldManagerTestSupport() {}

  static String compact(JsonNode node) {
    return Json.bytesAsString(node) + "\n";
  }
}
