package keelson.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/**
 * Turns the bytes of one Kubernetes protobuf message into the JSON object Go's encoding/json
 * would print for the same Go value, following the wire table.
 *
 * <p>Zero values. Kubernetes' generated marshalling writes every non-pointer field, zero or not,
 * while Go's JSON encoding drops zero scalars tagged omitempty. So a zero scalar is dropped when
 * its Go field is tagged omitempty and is not a pointer; a pointer field reaches the wire only
 * when set, so its value is kept even when zero ({@code replicas: 0}), and a field without
 * omitempty ({@code containerPort}) keeps its zero as Go would print it. Empty non-pointer
 * messages ({@code status {}}) and zero non-pointer int-or-strings are dropped too, so the tree
 * reads like a JSON client's body; empty pointer messages are kept, as their presence means
 * something ({@code emptyDir: {}}, a {@code selector: {}} that selects everything). Repeated
 * elements and map values are always kept.
 */
final class MessageDecoder {
  /** Deeper than any Kubernetes object nests; it stops hostile bodies from exhausting the stack. */
  private static final int MAX_DEPTH = 100;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final WireTable table;

  MessageDecoder(WireTable table) {
    this.table = table;
  }

  /** Decodes the message bytes of a type into its JSON object. */
  ObjectNode decode(MessageType type, byte[] bytes) throws IOException {
    return readMessage(type, bytes, 0);
  }

  private ObjectNode readMessage(MessageType type, byte[] bytes, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("the protobuf body nests more than " + MAX_DEPTH
          + " messages deep");
    }
    ObjectNode out = NODES.objectNode();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      FieldSpec field = type.field(WireFormat.getTagFieldNumber(tag));
      if (field == null) {
        // A field newer than the table: skipping it is what an older kube-apiserver would do.
        in.skipField(tag);
        continue;
      }
      switch (field.shape()) {
        case SINGLE -> readSingle(type, field, tag, in, out, depth);
        case REPEATED -> readRepeated(type, field, tag, in, out, depth);
        case MAP -> readMapEntry(type, field, tag, in, out, depth);
      }
    }
    return out;
  }

  private void readSingle(MessageType type, FieldSpec field, int tag, CodedInputStream in,
      ObjectNode out, int depth) throws IOException {
    JsonNode value = readValue(type, field, tag, in, depth);
    if (value == null || (!field.pointer() && isDroppedZero(field, value))) {
      return;
    }
    if (field.inline()) {
      out.setAll((ObjectNode) value);
    } else {
      out.set(field.jsonName(), value);
    }
  }

  /** Whether a non-pointer value is one Keelson leaves out (see the class comment). */
  private static boolean isDroppedZero(FieldSpec field, JsonNode value) {
    return switch (field.kind()) {
      case MESSAGE -> value.isEmpty();
      case INT_OR_STRING -> value.isInt() ? value.intValue() == 0 : value.textValue().isEmpty();
      case TIME, MICRO_TIME, DURATION, QUANTITY, RAW_JSON -> false;
      case STRING, BYTES -> field.omitEmpty() && value.textValue().isEmpty();
      case BOOL -> field.omitEmpty() && !value.booleanValue();
      default -> field.omitEmpty() && value.isNumber() && value.doubleValue() == 0;
    };
  }

  private void readRepeated(MessageType type, FieldSpec field, int tag, CodedInputStream in,
      ObjectNode out, int depth) throws IOException {
    ArrayNode array = out.get(field.jsonName()) instanceof ArrayNode existing
        ? existing : out.putArray(field.jsonName());
    boolean packable = !field.kind().isLengthDelimited();
    if (packable && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      // Packed numbers: one length-delimited run of values without tags.
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        array.add(readScalar(field.kind(), in));
      }
      in.popLimit(limit);
      return;
    }
    JsonNode value = readValue(type, field, tag, in, depth);
    array.add(value == null ? NullNode.getInstance() : value);
  }

  /** A map travels as repeated entries {key = 1, value = 2}; Kubernetes' keys are strings. */
  private void readMapEntry(MessageType type, FieldSpec field, int tag, CodedInputStream in,
      ObjectNode out, int depth) throws IOException {
    expectWireType(type, field, tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    CodedInputStream entry = CodedInputStream.newInstance(in.readByteArray());
    String key = "";
    JsonNode value = null;
    boolean valueSeen = false;
    for (int t = entry.readTag(); t != 0; t = entry.readTag()) {
      switch (WireFormat.getTagFieldNumber(t)) {
        case 1 -> {
          expectWireType(type, field, t, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          key = entry.readString();
        }
        case 2 -> {
          value = readValue(type, field, t, entry, depth);
          valueSeen = true;
        }
        default -> entry.skipField(t);
      }
    }
    if (!valueSeen) {
      value = zeroMapValue(field, depth);
    }
    ObjectNode map = out.get(field.jsonName()) instanceof ObjectNode existing
        ? existing : out.putObject(field.jsonName());
    map.set(key, value == null ? NullNode.getInstance() : value);
  }

  /** The value of a map entry that left its value out: the zero value of the value type. */
  private JsonNode zeroMapValue(FieldSpec field, int depth) throws IOException {
    return switch (field.kind()) {
      case STRING, BYTES -> TextNode.valueOf("");
      case BOOL -> BooleanNode.FALSE;
      case MESSAGE -> NODES.objectNode();
      case TIME, MICRO_TIME, DURATION, QUANTITY, INT_OR_STRING, RAW_JSON ->
          KubernetesValues.read(field.kind(), new byte[0]);
      default -> IntNode.valueOf(0);
    };
  }

  /** Reads one value of a field; null where Go's JSON would show null. */
  private JsonNode readValue(MessageType type, FieldSpec field, int tag, CodedInputStream in,
      int depth) throws IOException {
    ValueKind kind = field.kind();
    expectWireType(type, field, tag, wireType(kind));
    return switch (kind) {
      case STRING -> TextNode.valueOf(in.readString());
      case BYTES -> TextNode.valueOf(Base64.getEncoder().encodeToString(in.readByteArray()));
      case MESSAGE -> readMessage(table.message(field.messageName()), in.readByteArray(), depth + 1);
      case TIME, MICRO_TIME, DURATION, QUANTITY, INT_OR_STRING, RAW_JSON ->
          KubernetesValues.read(kind, in.readByteArray());
      default -> readScalar(kind, in);
    };
  }

  /** Reads a number or bool; JSON numbers come out as the nodes Jackson parses them into. */
  private static JsonNode readScalar(ValueKind kind, CodedInputStream in) throws IOException {
    return switch (kind) {
      case BOOL -> BooleanNode.valueOf(in.readBool());
      case INT32 -> IntNode.valueOf(in.readInt32());
      case INT64 -> integer(in.readInt64());
      case UINT32 -> integer(Integer.toUnsignedLong(in.readUInt32()));
      case UINT64 -> {
        long value = in.readUInt64();
        yield value >= 0 ? integer(value)
            : BigIntegerNode.valueOf(new BigInteger(Long.toUnsignedString(value)));
      }
      case DOUBLE -> decimal(in.readDouble());
      case FLOAT -> decimal(in.readFloat());
      default -> throw new IllegalStateException("not a scalar: " + kind);
    };
  }

  /** Small integers as IntNode, larger as LongNode, as Jackson's parser would give them. */
  private static JsonNode integer(long value) {
    return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
  }

  /** Go prints integral floats without a fraction; others parse as decimals in Keelson. */
  private static JsonNode decimal(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return integer((long) value);
    }
    return DecimalNode.valueOf(BigDecimal.valueOf(value));
  }

  private static int wireType(ValueKind kind) {
    return switch (kind) {
      case BOOL, INT32, INT64, UINT32, UINT64 -> WireFormat.WIRETYPE_VARINT;
      case DOUBLE -> WireFormat.WIRETYPE_FIXED64;
      case FLOAT -> WireFormat.WIRETYPE_FIXED32;
      default -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
    };
  }

  private static void expectWireType(MessageType type, FieldSpec field, int tag, int expected) {
    if (WireFormat.getTagWireType(tag) != expected) {
      throw new IllegalArgumentException("field " + field.number() + " (" + field.jsonName()
          + ") of " + shortName(type.name()) + " has wire type " + WireFormat.getTagWireType(tag)
          + ", expected " + expected);
    }
  }

  private static String shortName(String message) {
    return message.substring(message.lastIndexOf('.') + 1);
  }
}
