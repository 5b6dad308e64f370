package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssetUnitsTest {
    private final AssetUnits units = AssetUnits.of(Map.of("PKR", 2, "BOND-2030", 0));

    @Test
    void convertsExactlyBothWays() {
        assertEquals(1250, units.toMinorUnits("PKR", "12.5"));
        assertEquals(1250, units.toMinorUnits("PKR", new BigDecimal("12.50")));
        assertEquals(7, units.toMinorUnits("BOND-2030", "7"));
        assertEquals(new BigDecimal("12.50"), units.toMajorUnits("PKR", 1250));
        assertEquals("0.05 PKR", units.format("PKR", 5));
        assertEquals(3, units.with("USD-T", 3).toMinorUnits("USD-T", "0.003"));
    }

    @Test
    void refusesRoundingOverflowAndUnknownAssets() {
        assertThrows(IllegalArgumentException.class, () -> units.toMinorUnits("PKR", "0.001"));
        assertThrows(IllegalArgumentException.class, () -> units.toMinorUnits("BOND-2030", "1.5"));
        assertThrows(IllegalArgumentException.class, () -> units.toMinorUnits("PKR", "92233720368547758.08"));
        assertThrows(IllegalArgumentException.class, () -> units.decimals("EUR"));
        assertThrows(IllegalArgumentException.class, () -> units.with("X", 19));
    }
}
