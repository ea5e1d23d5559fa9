package io.github.mgs4j.core.runtime;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Asks HotSpot's JIT to inline the fast path of Commons RNG's Ziggurat normal sampler into every loop that
 * draws noise, and to leave its rare edge case out of line.
 *
 * <p>Why: {@code ZigguratSampler.NormalizedGaussian.sample()} is small, but when the JIT compiles it on its
 * own it inlines {@code edgeSample} (321 bytes) and the result exceeds {@code InlineSmallCode}; from then on
 * every loop compiled later calls it instead of inlining it ("already compiled into a big method"). Whether
 * that happens first is a race between compiler threads, so two JVMs running the same code can draw noise at
 * markedly different speeds. The directive ({@code inline} +{@code sample},
 * −{@code edgeSample}) removes the race: the fast path (one 64-bit draw, a table look-up, a multiply) is
 * always inlined, the edge case (about 1 draw in 80) is a call. It changes no value: only where the JIT puts
 * the same instructions.
 *
 * <p>Installed through the platform's {@code DiagnosticCommand} MBean ({@code Compiler.directives_add}, as
 * {@code jcmd} does), once per JVM, when the application asks ({@link ProcessTuning#apply()}); on a JVM
 * without the {@code jdk.management} module (or not HotSpot) nothing happens.
 */
public final class ZigguratInlining {
  private static final String SAMPLER =
      "org/apache/commons/rng/sampling/distribution/ZigguratSampler$NormalizedGaussian";
  private static final String DIRECTIVE =
      "[{ match: \"*.*\", inline: [\"+" + SAMPLER + ".sample\", \"-" + SAMPLER + ".edgeSample\"] }]";

  private static Boolean installed;

  private ZigguratInlining() {}

  /**
   * Installs the directive unless it is installed already.
   *
   * @return whether the directive is in force
   */
  public static synchronized boolean apply() {
    if (installed == null) {
      installed = install();
    }
    return installed;
  }

  private static boolean install() {
    Path file = null;
    try {
      file = Files.createTempFile("mgs4j-jit-", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      Object reply =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      return reply != null && reply.toString().contains("1 compiler directives added");
    } catch (Exception | LinkageError e) {
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (Exception e) {
          // a leftover temporary file of a hundred bytes
        }
      }
    }
  }
}
