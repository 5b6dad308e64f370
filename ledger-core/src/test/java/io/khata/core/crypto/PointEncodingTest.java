package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte-level canonical-encoding check against its definition, at every edge of y and the sign bit. */
class PointEncodingTest {
    @Test
    void canonicalExactlyWhenYIsBelowPAndXZeroHasNoSign() {
        BigInteger p = Edwards25519.P;
        List<BigInteger> ys = new ArrayList<>();
        for (long small = 0; small < 20; small++) {
            ys.add(BigInteger.valueOf(small));
            ys.add(p.subtract(BigInteger.valueOf(small + 1)));
            ys.add(p.add(BigInteger.valueOf(small)).min(BigInteger.TWO.pow(255).subtract(BigInteger.ONE)));
        }
        ys.add(BigInteger.TWO.pow(254));
        ys.add(p.subtract(BigInteger.TWO.pow(8)));
        for (BigInteger y : ys) {
            for (boolean sign : new boolean[] {false, true}) {
                boolean xIsZero = y.equals(BigInteger.ONE) || y.equals(p.subtract(BigInteger.ONE));
                boolean expected = y.compareTo(p) < 0 && !(sign && xIsZero);
                byte[] encoding = Edwards25519.encodeY(y, sign);
                assertEquals(expected, PointEncoding.isCanonical(encoding, 0), "y = " + y + ", sign " + sign);
                byte[] shifted = new byte[40];
                System.arraycopy(encoding, 0, shifted, 8, 32);
                assertEquals(expected, PointEncoding.isCanonical(shifted, 8), "at an offset, y = " + y);
            }
        }
    }
}
