package keelson.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

  @Test
  void linesSplitAcrossBuffersComeOutWhole() {
    List<String> lines = new ArrayList<>();
    ByteLines splitter = new ByteLines((bytes, offset, length) ->
        lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8)));

    splitter.accept(List.of(buffer("{\"a\":"), buffer("1}\n{\"b\":\"ü")));
    assertThat(lines).containsExactly("{\"a\":1}");
    splitter.accept(List.of(buffer("\"}\n\n{\"c\":3}\n{\"d\"")));
    assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":\"ü\"}", "", "{\"c\":3}");
    splitter.finish();
    assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":\"ü\"}", "", "{\"c\":3}", "{\"d\"");
  }

  @Test
  void aLineLongerThanTheBufferGrowsIt() {
    List<Integer> lengths = new ArrayList<>();
    ByteLines splitter = new ByteLines((bytes, offset, length) -> lengths.add(length));
    String big = "x".repeat(200_000);
    splitter.accept(List.of(buffer(big.substring(0, 100_000)), buffer(big.substring(100_000) + "\nyy\n")));
    assertThat(lengths).containsExactly(200_000, 2);
  }

  private static ByteBuffer buffer(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
