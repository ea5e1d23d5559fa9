/**
 * Python's semantics that the scorers reproduce exactly: {@code str.split()} whitespace and code points
 * ({@link io.github.mgs4j.losses.text.PythonWhitespace}), {@code math.fsum} and correctly rounded cubes
 * ({@link io.github.mgs4j.losses.text.PythonFloats}), and dense n-gram ids
 * ({@link io.github.mgs4j.losses.text.DenseIds}).
 */
package io.github.mgs4j.losses.text;
