package keelson.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import keelson.apiserver.rest.Json;

/**
 * Reads the apimachinery types that have a JSON form of their own (times, durations, quantities,
 * int-or-strings, embedded raw JSON) from their protobuf payloads.
 */
final class KubernetesValues {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC3339_MICRO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Seconds of Go's zero time (year 1) since the Unix epoch: Go shows that time as null. */
  private static final long GO_ZERO_TIME_SECONDS = -62135596800L;

  private KubernetesValues() {}

  /**
   * Returns the JSON of a special value, or null where Go's JSON shows null (a zero time, an empty
   * raw extension): those fields are left out.
   */
  static JsonNode read(ValueKind kind, byte[] payload) throws IOException {
    return switch (kind) {
      case TIME -> time(payload, RFC3339);
      case MICRO_TIME -> time(payload, RFC3339_MICRO);
      case DURATION -> TextNode.valueOf(GoDuration.format(firstInt64(payload)));
      case QUANTITY -> quantity(payload);
      case INT_OR_STRING -> intOrString(payload);
      case RAW_JSON -> rawJson(payload);
      default -> throw new IllegalStateException("not a special value: " + kind);
    };
  }

  /**
   * Time and MicroTime travel as {seconds = 1, nanos = 2}; a zero time travels as no bytes at all.
   * Time keeps whole seconds only (its formatter has no fraction), as Go's Time does.
   */
  private static JsonNode time(byte[] payload, DateTimeFormatter format) throws IOException {
    if (payload.length == 0) {
      return null;
    }
    long seconds = 0;
    int nanos = 0;
    CodedInputStream in = CodedInputStream.newInstance(payload);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case 1 << 3 | WireFormat.WIRETYPE_VARINT -> seconds = in.readInt64();
        case 2 << 3 | WireFormat.WIRETYPE_VARINT -> nanos = in.readInt32();
        default -> in.skipField(tag);
      }
    }
    if (seconds == GO_ZERO_TIME_SECONDS && nanos == 0) {
      return null;
    }
    return TextNode.valueOf(format.format(Instant.ofEpochSecond(seconds, nanos)));
  }

  /** Duration travels as {duration = 1}, in nanoseconds. */
  private static long firstInt64(byte[] payload) throws IOException {
    long value = 0;
    CodedInputStream in = CodedInputStream.newInstance(payload);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (1 << 3 | WireFormat.WIRETYPE_VARINT)) {
        value = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return value;
  }

  /** Quantity travels as {string = 1}, already in canonical form; no string is a zero quantity. */
  private static JsonNode quantity(byte[] payload) throws IOException {
    String value = "0";
    CodedInputStream in = CodedInputStream.newInstance(payload);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        value = in.readString();
      } else {
        in.skipField(tag);
      }
    }
    return TextNode.valueOf(value.isEmpty() ? "0" : value);
  }

  /** IntOrString travels as {type = 1, intVal = 2, strVal = 3}; type 1 means the string. */
  private static JsonNode intOrString(byte[] payload) throws IOException {
    long type = 0;
    int intVal = 0;
    String strVal = "";
    CodedInputStream in = CodedInputStream.newInstance(payload);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case 1 << 3 | WireFormat.WIRETYPE_VARINT -> type = in.readInt64();
        case 2 << 3 | WireFormat.WIRETYPE_VARINT -> intVal = in.readInt32();
        case 3 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> strVal = in.readString();
        default -> in.skipField(tag);
      }
    }
    return type == 1 ? TextNode.valueOf(strVal) : IntNode.valueOf(intVal);
  }

  /**
   * RawExtension and FieldsV1 travel as {raw = 1} holding JSON bytes. A client may also embed a
   * protobuf-encoded object there; it is recognised by its magic prefix and decoded in turn.
   */
  private static JsonNode rawJson(byte[] payload) throws IOException {
    byte[] raw = new byte[0];
    CodedInputStream in = CodedInputStream.newInstance(payload);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        raw = in.readByteArray();
      } else {
        in.skipField(tag);
      }
    }
    if (raw.length == 0) {
      return null;
    }
    if (Envelope.hasMagic(raw)) {
      return ProtobufBodies.decode(raw);
    }
    try {
      return Json.parse(raw);
    } catch (IOException e) {
      throw new IllegalArgumentException("an embedded object is neither JSON nor protobuf: "
          + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
