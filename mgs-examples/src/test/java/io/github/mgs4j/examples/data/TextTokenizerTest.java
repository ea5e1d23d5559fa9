package io.github.mgs4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mgs4j.core.io.MalformedFileException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {
  private static TextTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    tokenizer = TextTokenizer.bundled();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void matchesPythonTokenizersIdForId() throws Exception {
    JsonNode expected;
    try (InputStream in = getClass().getResourceAsStream("/data/tokenizer_expected.json")) {
      expected = new ObjectMapper().readTree(in);
    }
    for (JsonNode row : expected) {
      int[] ids = new int[row.get("ids").size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = row.get("ids").get(i).asInt();
      }
      String text = row.get("text").asText();
      assertArrayEquals(ids, tokenizer.encode(text), text);
      assertEquals(text, tokenizer.decode(ids), "round trip of " + text);
    }
    assertEquals(0, tokenizer.eosId());
    assertEquals(8192, tokenizer.vocabularySize());
  }

  @Test
  void neverTruncatesLongTexts() {
    String longText = "The Congress shall assemble at least once in every year. ".repeat(300);
    int[] ids = tokenizer.encode(longText);
    assertTrue(ids.length > 2000, "got only " + ids.length + " tokens");
    assertEquals(longText, tokenizer.decode(ids));
  }

  @Test
  void vocabAndMergesGiveTheSameTokenizer(@TempDir Path dir) throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/io/github/mgs4j/examples/sotu/tokenizer.json")) {
      root = new ObjectMapper().readTree(in);
    }
    Files.writeString(dir.resolve("vocab.json"), root.path("model").path("vocab").toString(), StandardCharsets.UTF_8);
    List<String> merges = new ArrayList<>();
    merges.add("#version: 0.2");
    for (JsonNode m : root.path("model").path("merges")) {
      merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
    }
    Files.write(dir.resolve("merges.txt"), merges, StandardCharsets.UTF_8);
    try (TextTokenizer fromFiles = TextTokenizer.fromDirectory(dir)) {
      String text = "Mr. Speaker, the state of our Union is strong; our economy grew 4.2% in 1999.";
      assertArrayEquals(tokenizer.encode(text), fromFiles.encode(text));
      assertEquals(tokenizer.eosId(), fromFiles.eosId());
    }
  }

  @Test
  void missingOrMalformedTokenizerFilesAreNamed(@TempDir Path dir) throws Exception {
    MalformedFileException missing = assertThrows(MalformedFileException.class, () -> TextTokenizer.fromDirectory(dir));
    assertTrue(missing.getMessage().contains("no tokenizer found"), missing.getMessage());
    Files.writeString(dir.resolve("tokenizer.json"), "{not json");
    MalformedFileException bad = assertThrows(MalformedFileException.class, () -> TextTokenizer.fromDirectory(dir));
    assertTrue(bad.getMessage().contains("tokenizer.json"), bad.getMessage());
  }
}
