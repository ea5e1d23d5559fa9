package io.github.mgs4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelShapeOptionTest {
  @Test
  void parsesOneIntegerPerField() {
    assertArrayEquals(new int[] {128, 4, 4, 256}, ModelShapeOption.parse("128, 4,4 ,256", "embd,layers,heads,positions"));
  }

  @Test
  void namesTheFieldsWhenTheCountIsWrong() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelShapeOption.parse("128,4,4", "d_model,layers,heads,ffn"));
    assertTrue(e.getMessage().contains("d_model,layers,heads,ffn"), e.getMessage());
  }

  @Test
  void rejectsNonPositiveAndNonNumericSizes() {
    assertThrows(IllegalArgumentException.class, () -> ModelShapeOption.parse("128,0,4,256", "a,b,c,d"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelShapeOption.parse("128,x,4,256", "a,b,c,d"));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
  }
}
