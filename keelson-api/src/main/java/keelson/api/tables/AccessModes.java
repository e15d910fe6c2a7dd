package keelson.api.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Abbreviates volume access modes as kubectl shows them: {@code RWO,ROX,RWX,RWOP}, always in that order. */
final class AccessModes {
  private AccessModes() {}

  /** Returns the abbreviations of the modes in a JSON array, comma-joined, duplicates dropped. */
  static String abbreviate(JsonNode modes) {
    Set<String> present = new HashSet<>();
    for (JsonNode mode : modes) {
      present.add(mode.asText());
    }
    List<String> out = new ArrayList<>();
    if (present.contains("ReadWriteOnce")) {
      out.add("RWO");
    }
    if (present.contains("ReadOnlyMany")) {
      out.add("ROX");
    }
    if (present.contains("ReadWriteMany")) {
      out.add("RWX");
    }
    if (present.contains("ReadWriteOncePod")) {
      out.add("RWOP");
    }
    return String.join(",", out);
  }

  /** Returns the storage class of a claim or volume: the legacy beta annotation wins over the field. */
  static String storageClass(JsonNode obj) {
    JsonNode annotation = Json.at(obj, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class");
    if (annotation.isTextual()) {
      return annotation.asText();
    }
    return Json.text(obj, "spec", "storageClassName");
  }
}
