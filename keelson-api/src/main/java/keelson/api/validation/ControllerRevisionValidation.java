package keelson.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import keelson.api.validation.Identifiers.NameRule;

/** ControllerRevision validation: data is mandatory and immutable, revision non-negative. */
final class ControllerRevisionValidation implements KindValidator {

  @Override
  public Errors validateCreate(ObjectNode obj) {
    Errors errs = ObjectMetaValidation.validate(obj, true, NameRule.DNS1123_SUBDOMAIN);
    if (!Trees.has(obj, "data")) {
      errs.required(Path.of("data"), "data is mandatory");
    }
    return errs.nonNegative(Path.of("revision"), Trees.integer(obj, 0, "revision"));
  }

  @Override
  public Errors validateUpdate(ObjectNode obj, ObjectNode old) {
    Errors errs = ObjectMetaValidation.validateUpdate(obj, old);
    if (!Trees.has(obj, "data")) {
      errs.required(Path.of("data"), "data is mandatory");
    }
    errs.nonNegative(Path.of("revision"), Trees.integer(obj, 0, "revision"));
    JsonNode data = Trees.at(obj, "data");
    if (!Trees.same(data, Trees.at(old, "data"))) {
      errs.invalid(Path.of("data"), rawExtension(data), "field is immutable");
    }
    return errs;
  }

  /** Renders the revision data as Go prints a runtime.RawExtension holding its JSON bytes. */
  private static String rawExtension(JsonNode data) {
    if (data.isMissingNode()) {
      return "runtime.RawExtension{Raw:[]uint8(nil), Object:runtime.Object(nil)}";
    }
    byte[] raw = data.toString().getBytes(StandardCharsets.UTF_8);
    List<String> bytes = new ArrayList<>();
    for (byte b : raw) {
      bytes.add(String.format("0x%x", b & 0xff));
    }
    return "runtime.RawExtension{Raw:[]uint8{" + String.join(", ", bytes)
        + "}, Object:runtime.Object(nil)}";
  }
}
