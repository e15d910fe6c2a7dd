package keelson.apiserver.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import keelson.apiserver.rest.Json;

/** Converts JSON responses to YAML for clients that ask for {@code application/yaml}. */
final class Yaml {
  private static final ObjectMapper MAPPER = new ObjectMapper(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private Yaml() {}

  static byte[] fromJson(byte[] json) {
    try {
      return MAPPER.writeValueAsBytes(Json.parse(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
