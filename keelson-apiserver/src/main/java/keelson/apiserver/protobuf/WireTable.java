package keelson.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import keelson.apiserver.rest.Json;

/**
 * The generated table of Kubernetes protobuf messages ({@code messages.json}): which message a
 * kind is sent as, and each message's fields.
 */
final class WireTable {
  private static final String RESOURCE = "/keelson/apiserver/protobuf/messages.json";

  /** Any apiVersion: client-go encodes DeleteOptions with the apiVersion of the target's group. */
  private static final String ANY_VERSION = "*";

  private final Map<String, String> kinds;
  private final Map<String, MessageType> messages;

  private WireTable(Map<String, String> kinds, Map<String, MessageType> messages) {
    this.kinds = kinds;
    this.messages = messages;
  }

  /** Returns the table shipped with Keelson, loaded once. */
  static WireTable standard() {
    return Standard.TABLE;
  }

  /** Returns the message a kind of that apiVersion is sent as, or null if none is known. */
  MessageType forKind(String apiVersion, String kind) {
    String name = kinds.get(apiVersion + "/" + kind);
    if (name == null) {
      name = kinds.get(ANY_VERSION + "/" + kind);
    }
    return name == null ? null : messages.get(name);
  }

  /** Returns the message of that name; the table is checked on load, so it exists. */
  MessageType message(String name) {
    MessageType type = messages.get(name);
    if (type == null) {
      throw new IllegalStateException("no message " + name + " in the protobuf table");
    }
    return type;
  }

  /** Reads a table in the generator's format, checking every message it refers to is there. */
  static WireTable read(JsonNode root) {
    Map<String, String> kinds = new HashMap<>();
    root.path("kinds").properties().forEach(e -> kinds.put(e.getKey(), e.getValue().asText()));
    Map<String, MessageType> messages = new HashMap<>();
    root.path("messages").properties().forEach(e -> {
      Map<Integer, FieldSpec> fields = new HashMap<>();
      for (JsonNode row : e.getValue()) {
        FieldSpec field = field(row);
        fields.put(field.number(), field);
      }
      messages.put(e.getKey(), new MessageType(e.getKey(), Map.copyOf(fields)));
    });
    for (MessageType type : messages.values()) {
      for (FieldSpec field : type.fields().values()) {
        if (field.kind() == ValueKind.MESSAGE && !messages.containsKey(field.messageName())) {
          throw new IllegalStateException(type.name() + " refers to a missing message "
              + field.messageName());
        }
      }
    }
    for (String name : kinds.values()) {
      if (!messages.containsKey(name)) {
        throw new IllegalStateException("a kind refers to a missing message " + name);
      }
    }
    return new WireTable(Map.copyOf(kinds), Map.copyOf(messages));
  }

  /** Parses one row: [number, jsonName, type, flags] (see the generator for the format). */
  private static FieldSpec field(JsonNode row) {
    String type = row.get(2).asText();
    String flags = row.get(3).asText();
    FieldSpec.Shape shape = FieldSpec.Shape.SINGLE;
    if (type.startsWith("[]")) {
      shape = FieldSpec.Shape.REPEATED;
      type = type.substring(2);
    } else if (type.startsWith("map<string,") && type.endsWith(">")) {
      shape = FieldSpec.Shape.MAP;
      type = type.substring("map<string,".length(), type.length() - 1);
    }
    return new FieldSpec(row.get(0).asInt(), row.get(1).asText(), shape, ValueKind.of(type), type,
        flags.contains("p"), !flags.contains("k"), flags.contains("i"));
  }

  /** Loads the shipped table on first use. */
  private static final class Standard {
    static final WireTable TABLE = load();

    private static WireTable load() {
      try (InputStream in = WireTable.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        return read(Json.MAPPER.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
