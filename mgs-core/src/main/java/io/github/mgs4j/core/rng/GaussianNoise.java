package io.github.mgs4j.core.rng;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mgs4j.core.model.RowBlocks;
import io.github.mgs4j.core.runtime.ZigguratInlining;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Scaled standard-normal noise for large tensors, drawn on the host block by block, one block ahead on a
 * background thread, into two reusable direct buffers.
 *
 * <p>Block {@code b} of tensor {@code t} in a pass seeded with {@code s} holds {@code scale_t · z}, where the
 * {@code z} are standard normals from Commons RNG's Ziggurat sampler over a XoShiRo256++ stream seeded with
 * {@link SeedStream#derive(long, long...) derive(s, t, b)}. So the noise depends only on the seed and on the
 * position, not on the engine, the device, the thread count or anything else that draws random numbers (the
 * engine's global generator is left alone), and a pass can be drawn again exactly — with a different scale,
 * from the same standard normals.
 *
 * <p>Why not the engine's {@code randomNormal}: it allocates a fresh native array for every block, and how
 * fast that is depends on the state of the native allocator (on the 2-core test VMs the same 38.6M-float
 * draw took 0.22 s or 0.8 s); here nothing is allocated per block. On CPU the engine reads the direct buffer
 * in place ({@link NDManager#create(java.nio.Buffer, Shape, DataType)} wraps it without a copy); on a GPU it
 * copies the block over.
 *
 * <p>{@link #draw(long, Block, float[])} computes any block of a pass on the calling thread, so a team of
 * threads ({@link io.github.mgs4j.core.runtime.BlockWorkers}) can draw the blocks of one pass in parallel, in
 * any order, with the same values.
 *
 * <p>Not thread-safe: one pass at a time, from one thread. {@link #close()} stops the background thread.
 */
public final class GaussianNoise implements AutoCloseable {
  static {
    // The noise loops run at the sampler's speed only when its fast path is inlined into them.
    ZigguratInlining.apply();
  }

  private final ExecutorService filler;
  private final ByteBuffer[] buffers = new ByteBuffer[2];
  private float[] scratch = new float[0];
  private Pass open;
  private boolean closed;

  /** Creates the generator and its background thread (a daemon). */
  public GaussianNoise() {
    this.filler =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mgs4j-noise");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a pass over blocks, in the order the caller will ask for them.
   *
   * @param seed the pass's seed (e.g. one per candidate)
   * @param blocks for each block in order: its tensor index, its index within the tensor, its size and scale
   * @return the pass; close it (or read it to the end) before starting another
   */
  public Pass pass(long seed, List<Block> blocks) {
    if (closed) {
      throw new IllegalStateException("the noise generator is closed");
    }
    if (open != null && !open.finished()) {
      throw new IllegalStateException("a noise pass is still open: close it first");
    }
    int largest = 0;
    for (Block b : blocks) {
      largest = Math.max(largest, b.elements());
    }
    if (buffers[0] == null || buffers[0].capacity() < largest * Float.BYTES) {
      for (int i = 0; i < buffers.length; i++) {
        buffers[i] = ByteBuffer.allocateDirect(largest * Float.BYTES).order(ByteOrder.nativeOrder());
      }
    }
    open = new Pass(seed, List.copyOf(blocks));
    return open;
  }

  /**
   * The blocks of a pass over whole tensors in the {@link RowBlocks} layout: for every non-empty tensor with
   * a non-zero scale, in order, its row blocks of at most {@code blockElements}.
   *
   * @param shapes the tensors' shapes
   * @param scales the factor per tensor (0: no noise for that tensor)
   * @param blockElements the largest block, ≥ 1
   * @return the blocks, in order
   */
  public static List<Block> rowBlocks(List<Shape> shapes, double[] scales, long blockElements) {
    if (shapes.size() != scales.length) {
      throw new IllegalArgumentException(shapes.size() + " tensors but " + scales.length + " noise scales");
    }
    List<Block> blocks = new ArrayList<>();
    for (int w = 0; w < shapes.size(); w++) {
      if (scales[w] == 0 || shapes.get(w).size() == 0) {
        continue;
      }
      long[] sizes = RowBlocks.sizes(shapes.get(w), blockElements);
      for (int b = 0; b < sizes.length; b++) {
        blocks.add(new Block(w, b, Math.toIntExact(sizes[b]), scales[w]));
      }
    }
    return blocks;
  }

  /**
   * Draws one block of a pass into {@code out}: the values {@link Pass#next} hands out for that block, computed
   * on the calling thread. Blocks are independent streams, so any set of them can be drawn on any threads in
   * any order.
   *
   * @param seed the pass's seed
   * @param block the block (its tensor and index key the stream)
   * @param out receives {@code scale · z} in its first {@code block.elements()} entries
   * @throws IllegalArgumentException if {@code out} is shorter than the block
   */
  public static void draw(long seed, Block block, float[] out) {
    int n = block.elements();
    if (out.length < n) {
      throw new IllegalArgumentException("a block of " + n + " values does not fit in " + out.length);
    }
    ZigguratSampler.NormalizedGaussian normal = normals(seed, block);
    double scale = block.scale();
    for (int i = 0; i < n; i++) {
      out[i] = (float) (scale * normal.sample());
    }
  }

  /**
   * The standard normals of one block of a pass, unscaled: its i-th sample times the block's scale, rounded
   * to float ({@code (float) (scale * z)}), is the i-th value {@link #draw} writes. For callers that consume
   * the noise as it is drawn (a fused perturbation) instead of storing it first.
   *
   * @param seed the pass's seed
   * @param block the block (its tensor and index key the stream)
   * @return a fresh sampler at the start of the block's stream
   */
  public static ZigguratSampler.NormalizedGaussian normals(long seed, Block block) {
    long blockSeed = SeedStream.derive(seed, block.tensor(), block.index());
    UniformRandomProvider source = RandomSource.XO_SHI_RO_256_PP.create(blockSeed);
    return ZigguratSampler.NormalizedGaussian.of(source);
  }

  /** Stops the background thread; a pass in progress is waited for. */
  @Override
  public void close() {
    if (open != null) {
      open.close();
    }
    closed = true;
    filler.shutdownNow();
  }

  /**
   * One block of a pass.
   *
   * @param tensor the tensor's index (keys the stream)
   * @param index the block's index within its tensor (keys the stream)
   * @param elements the number of values, ≥ 1
   * @param scale the factor every standard normal is multiplied by (in double, then rounded to float)
   */
  public record Block(int tensor, int index, int elements, double scale) {
    /** Checks the fields. */
    public Block {
      if (elements < 1) {
        throw new IllegalArgumentException("a noise block needs at least one element, got " + elements);
      }
      if (!Double.isFinite(scale)) {
        throw new IllegalArgumentException("noise scale of tensor " + tensor + " is " + scale);
      }
    }
  }

  /** The blocks of one pass, handed out in order; the next block is drawn while the caller uses this one. */
  public final class Pass implements AutoCloseable {
    private final long seed;
    private final List<Block> blocks;
    /** The fill of block {@code next} (at most one fill is in flight); null when none is left. */
    private Future<?> pending;
    private int next;

    private Pass(long seed, List<Block> blocks) {
      this.seed = seed;
      this.blocks = blocks;
      prefetch(0);
    }

    /**
     * The next block's noise as a float32 array of the given shape on {@code manager}'s device. On CPU it
     * reads (and writes) the pass's buffer in place, so it is valid only until the next call: do not read it
     * after that.
     *
     * @param manager the manager that owns the returned array
     * @param shape the block's shape; its size must be the planned block's
     * @return σ·z for the block
     */
    public NDArray next(NDManager manager, Shape shape) {
      Objects.requireNonNull(manager, "manager");
      if (next >= blocks.size()) {
        throw new IllegalStateException("the noise pass has only " + blocks.size() + " blocks");
      }
      Block block = blocks.get(next);
      if (shape.size() != block.elements()) {
        throw new IllegalArgumentException(
            "noise block " + next + " was planned with " + block.elements() + " elements, asked for " + shape);
      }
      await(pending);
      ByteBuffer buffer = buffers[next % 2].duplicate().order(ByteOrder.nativeOrder());
      buffer.position(0).limit(block.elements() * Float.BYTES);
      next++;
      // The caller is done with the block before this one, whose buffer the next fill reuses.
      prefetch(next);
      return manager.create(buffer, shape, DataType.FLOAT32);
    }

    private void prefetch(int index) {
      if (index < blocks.size()) {
        Block block = blocks.get(index);
        ByteBuffer target = buffers[index % 2];
        pending = filler.submit(() -> fill(target, block));
      } else {
        pending = null;
      }
    }

    private void fill(ByteBuffer target, Block block) {
      int n = block.elements();
      if (scratch.length < n) {
        scratch = new float[n];
      }
      draw(seed, block, scratch);
      target.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().put(scratch, 0, n);
    }

    private boolean finished() {
      return next >= blocks.size() && (pending == null || pending.isDone());
    }

    /** Waits for a fill still running (so the buffers are free for the next pass). */
    @Override
    public void close() {
      if (pending != null) {
        try {
          pending.get();
        } catch (ExecutionException e) {
          // the pass is abandoned: its blocks are not read any more
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        pending = null;
      }
      next = blocks.size();
    }

    private void await(Future<?> fill) {
      try {
        fill.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("drawing noise failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while drawing noise", e);
      }
    }
  }
}
