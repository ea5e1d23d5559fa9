package io.github.mgs4j.losses.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.github.mgs4j.losses.sentence.SentenceMetric;
import io.github.mgs4j.losses.sentence.SentenceScorer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Streams JSON Lines pairs through a {@link SentenceScorer} on several threads: lines are read in chunks
 * (a chunk closes at {@value #CHUNK_LINES} lines, or early when no further input is waiting), chunks are
 * scored in parallel, and their output is written strictly in input order as soon as the next chunk in line
 * is done. At most {@code 2 × threads + 2} chunks are in flight, so memory stays bounded however long the
 * input. A line that cannot be scored gives an error object {@code {"line": N, "error": "..."}} (with its
 * {@code id} when readable) in its place, or, with {@code skip}, nothing; either way it is reported on
 * standard error as {@code line N: ...}.
 */
final class ScoringPipeline {
  static final int CHUNK_LINES = 256;
  private static final JsonFactory JSON_OUT = new JsonFactoryBuilder()
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .rootValueSeparator("\n")
      .build();

  private final SentenceScorer scorer;
  private final SentenceMetric[] metrics;
  private final int threads;
  private final int maxChars;
  private final boolean skip;
  private final boolean verbose;

  /**
   * A pipeline.
   *
   * @param scorer the scorer (thread-safe)
   * @param threads worker threads, at least 1
   * @param maxChars the longest field accepted (0: no limit)
   * @param skip whether bad lines leave no output line
   * @param verbose whether unexpected failures print their stack trace
   */
  ScoringPipeline(SentenceScorer scorer, int threads, int maxChars, boolean skip, boolean verbose) {
    this.scorer = scorer;
    this.metrics = scorer.metrics().toArray(new SentenceMetric[0]);
    this.threads = Math.max(1, threads);
    this.maxChars = maxChars;
    this.skip = skip;
    this.verbose = verbose;
  }

  /** The longest raw line kept for parsing: room for every field at the limit, fully escaped. */
  static int maxLineBytes(int maxChars) {
    return maxChars <= 0 ? Integer.MAX_VALUE - 8 : (int) Math.min(Integer.MAX_VALUE - 8, 18L * maxChars + 65536);
  }

  /** One input line: its number and bytes, or the length it had when it was too long to keep. */
  private record RawLine(long number, byte[] bytes, long tooLongBytes) {}

  /** A scored chunk: its output bytes and the messages for standard error. */
  private record ChunkResult(byte[] output, List<String> messages, int bad) {}

  /**
   * Scores everything on {@code in}, writing to {@code out} and reporting bad lines on {@code err}.
   *
   * @return the number of bad lines
   */
  int run(InputStream in, OutputStream out, PrintWriter err) throws IOException {
    ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "mgs-score");
      t.setDaemon(true);
      return t;
    });
    BlockingQueue<Future<ChunkResult>> pending = new ArrayBlockingQueue<>(2 * threads + 2);
    CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> write(pending, out, err),
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "mgs-score-writer");
          t.setDaemon(true);
          return t;
        }));
    try {
      ByteLines lines = new ByteLines(in, maxLineBytes(maxChars));
      List<RawLine> chunk = new ArrayList<>(CHUNK_LINES);
      while (lines.next()) {
        chunk.add(new RawLine(lines.number(), lines.tooLong() ? null : lines.bytes(), lines.droppedBytes()));
        if (chunk.size() == CHUNK_LINES || !lines.lineBuffered()) {
          submit(workers, pending, chunk, writer);
          chunk = new ArrayList<>(CHUNK_LINES);
        }
      }
      if (!chunk.isEmpty()) {
        submit(workers, pending, chunk, writer);
      }
      put(pending, CompletableFuture.completedFuture(null), writer);
      return writer.join();
    } finally {
      workers.shutdownNow();
    }
  }

  private void submit(ExecutorService workers, BlockingQueue<Future<ChunkResult>> pending, List<RawLine> chunk,
      CompletableFuture<Integer> writer) {
    List<RawLine> lines = chunk;
    put(pending, workers.submit(() -> score(lines)), writer);
  }

  private static void put(BlockingQueue<Future<ChunkResult>> pending, Future<ChunkResult> f,
      CompletableFuture<Integer> writer) {
    try {
      while (!pending.offer(f, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (writer.isDone()) {
          writer.join();
          throw new IllegalStateException("the output writer stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The writer: takes chunks in order, writes them, flushes when nothing else is ready. */
  private static int write(BlockingQueue<Future<ChunkResult>> pending, OutputStream out, PrintWriter err) {
    int bad = 0;
    try {
      while (true) {
        ChunkResult r = pending.take().get();
        if (r == null) {
          out.flush();
          err.flush();
          return bad;
        }
        out.write(r.output());
        for (String m : r.messages()) {
          err.println(m);
        }
        bad += r.bad();
        if (pending.isEmpty() || !pending.peek().isDone()) {
          out.flush();
          err.flush();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("scoring failed: " + e.getCause(), e.getCause());
    }
  }

  private ChunkResult score(List<RawLine> chunk) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(chunk.size() * 320);
    List<String> messages = new ArrayList<>();
    int bad = 0;
    double[] values = new double[metrics.length];
    try (JsonGenerator g = JSON_OUT.createGenerator(buffer)) {
      for (RawLine line : chunk) {
        String problem;
        String id = null;
        try {
          if (line.bytes() == null) {
            throw new PairLine.BadLine("the line has " + line.tooLongBytes() + " bytes, more than "
                + maxLineBytes(maxChars) + " (set by --max-chars; 0 means no limit)", null);
          }
          PairLine pair = PairLine.parse(line.bytes(), maxChars);
          id = pair.id();
          scorer.score(pair.hyp(), pair.ref(), values, 0);
          writeScores(g, id, values);
          continue;
        } catch (PairLine.BadLine e) {
          problem = e.getMessage();
          id = e.id();
        } catch (RuntimeException | StackOverflowError e) {
          problem = "could not score the line: " + e;
          if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            messages.add(trace.toString().strip());
          }
        }
        bad++;
        messages.add("line " + line.number() + ": " + problem);
        if (!skip) {
          g.writeStartObject();
          if (id != null) {
            g.writeFieldName("id");
            g.writeRawValue(id);
          }
          g.writeNumberField("line", line.number());
          g.writeStringField("error", problem);
          g.writeEndObject();
        }
      }
    }
    if (buffer.size() > 0) {
      buffer.write('\n');
    }
    return new ChunkResult(buffer.toByteArray(), messages, bad);
  }

  private void writeScores(JsonGenerator g, String id, double[] values) throws IOException {
    g.writeStartObject();
    if (id != null) {
      g.writeFieldName("id");
      g.writeRawValue(id);
    }
    for (int k = 0; k < metrics.length; k++) {
      g.writeFieldName(metrics[k].field());
      double v = values[k];
      if (Double.isNaN(v)) {
        g.writeNull();
      } else if (metrics[k].integral()) {
        g.writeNumber((long) v);
      } else {
        g.writeNumber(v);
      }
    }
    g.writeEndObject();
  }
}
