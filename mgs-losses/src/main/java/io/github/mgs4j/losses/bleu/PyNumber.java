package io.github.mgs4j.losses.bleu;

import java.math.BigInteger;

/**
 * A Python number as NLTK's BLEU smoothing sees it: either an exact {@code fractions.Fraction} or a
 * {@code float}. Arithmetic follows Python's mixing rule (a Fraction meeting a float is first converted to
 * the correctly rounded float), so mixed Fraction/float code such as {@code method7} is reproduced bit for
 * bit. Immutable.
 */
final class PyNumber {
  private final BigInteger numerator;
  private final BigInteger denominator;
  private final double value;

  private PyNumber(BigInteger numerator, BigInteger denominator) {
    BigInteger g = numerator.gcd(denominator);
    if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
      numerator = numerator.divide(g);
      denominator = denominator.divide(g);
    }
    this.numerator = numerator;
    this.denominator = denominator;
    this.value = Double.NaN;
  }

  private PyNumber(double value) {
    this.numerator = null;
    this.denominator = null;
    this.value = value;
  }

  static PyNumber fraction(long numerator, long denominator) {
    return new PyNumber(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  static PyNumber ofDouble(double value) {
    return new PyNumber(value);
  }

  boolean isExact() {
    return numerator != null;
  }

  /** {@code float(x)}: for a Fraction, the correctly rounded quotient. */
  double toDouble() {
    return isExact() ? divide(numerator, denominator) : value;
  }

  int signum() {
    return isExact() ? numerator.signum() : (int) Math.signum(value);
  }

  PyNumber plus(PyNumber o) {
    if (isExact() && o.isExact()) {
      return new PyNumber(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
          denominator.multiply(o.denominator));
    }
    return new PyNumber(toDouble() + o.toDouble());
  }

  PyNumber plus(long k) {
    return isExact() ? new PyNumber(numerator.add(denominator.multiply(BigInteger.valueOf(k))), denominator)
        : new PyNumber(value + k);
  }

  PyNumber times(long k) {
    return isExact() ? new PyNumber(numerator.multiply(BigInteger.valueOf(k)), denominator)
        : new PyNumber(value * k);
  }

  PyNumber times(PyNumber o) {
    if (isExact() && o.isExact()) {
      return new PyNumber(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }
    return new PyNumber(toDouble() * o.toDouble());
  }

  PyNumber dividedBy(long k) {
    return isExact() ? new PyNumber(numerator, denominator.multiply(BigInteger.valueOf(k)))
        : new PyNumber(value / k);
  }

  PyNumber dividedBy(PyNumber o) {
    if (isExact() && o.isExact()) {
      BigInteger n = numerator.multiply(o.denominator);
      BigInteger d = denominator.multiply(o.numerator);
      return d.signum() < 0 ? new PyNumber(n.negate(), d.negate()) : new PyNumber(n, d);
    }
    return new PyNumber(toDouble() / o.toDouble());
  }

  /** Python's {@code int / int}: the correctly rounded quotient (round half to even). */
  static double divide(BigInteger n, BigInteger d) {
    if (n.signum() == 0) {
      return 0.0;
    }
    if (n.bitLength() <= 53 && d.bitLength() <= 53) {
      return n.doubleValue() / d.doubleValue();
    }
    boolean negative = n.signum() * d.signum() < 0;
    BigInteger a = n.abs();
    BigInteger b = d.abs();
    // Scale so the quotient has 55..56 significant bits; a sticky bit keeps the rounding exact.
    int shift = 55 - (a.bitLength() - b.bitLength());
    BigInteger[] qr = shift >= 0 ? a.shiftLeft(shift).divideAndRemainder(b)
        : a.divideAndRemainder(b.shiftLeft(-shift));
    long q = qr[0].longValueExact();
    if (qr[1].signum() != 0) {
      q |= 1;
    }
    double r = Math.scalb((double) q, -shift);
    return negative ? -r : r;
  }

  @Override
  public String toString() {
    return isExact() ? numerator + "/" + denominator : Double.toString(value);
  }
}
