package io.github.mgs4j.losses.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** numpy's default_rng stream, seed expansion to bounded draws, against numpy 2.4's own output. */
class NumpyPcg64Test {
  private static final JsonNode RNG = CorpusVectors.rng();

  @Test
  void seedSequenceAndRawOutputsEqualNumpys() {
    for (Iterator<Map.Entry<String, JsonNode>> it = RNG.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long seed = Long.parseLong(e.getKey());
      long[] state = NumpyPcg64.seedSequenceState(seed);
      for (int i = 0; i < 4; i++) {
        assertEquals(new BigInteger(e.getValue().get("state").get(i).asText()).longValue(), state[i],
            "seed " + seed + " word " + i);
      }
      NumpyPcg64 rng = new NumpyPcg64(seed);
      for (JsonNode raw : e.getValue().get("raw")) {
        assertEquals(new BigInteger(raw.asText()).longValue(), rng.nextLong(), "seed " + seed);
      }
    }
  }

  @Test
  void choiceDrawsEqualNumpysForSmallLargeAndRejectingBounds() {
    for (Iterator<Map.Entry<String, JsonNode>> it = RNG.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long seed = Long.parseLong(e.getKey());
      for (int bound : new int[] {1, 2, 7, 1000, 3000, Integer.MAX_VALUE}) {
        NumpyPcg64 rng = new NumpyPcg64(seed);
        JsonNode expected = e.getValue().get("choice" + bound);
        for (int i = 0; i < expected.size(); i++) {
          assertEquals(expected.get(i).asInt(), rng.nextIndex(bound), "seed " + seed + " bound " + bound + " #" + i);
        }
      }
    }
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new NumpyPcg64(-1));
    assertThrows(IllegalArgumentException.class, () -> new NumpyPcg64(1).nextIndex(0));
  }
}
