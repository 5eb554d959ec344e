package dev.lanes.nn.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Durations and rates in the units people read, at each boundary; and an epoch's line in them. */
class HumanUnitsTest {

    @ParameterizedTest(name = "{0} s")
    @CsvSource(delimiter = '|', value = {
        "0|0.00 s", "0.8449|0.84 s", "9.994|9.99 s", "9.996|10.0 s", "12.34|12.3 s", "59.94|59.9 s",
        "59.96|1 min 00 s", "125|2 min 05 s", "3599.4|59 min 59 s", "3600|1 h 00 min", "7380|2 h 03 min",
        "NaN|? s", "-1|? s", "Infinity|? s"})
    void seconds(double seconds, String text) {
        assertEquals(text, HumanUnits.seconds(seconds));
    }

    @ParameterizedTest(name = "{0}/s")
    @CsvSource(delimiter = '|', value = {
        "0|0 samples/s", "950.4|950 samples/s", "999.4|999 samples/s", "1000|1.00k samples/s", "41300|41.3k samples/s",
        "99949|99.9k samples/s", "99950|100k samples/s", "999499|999k samples/s", "999500|1.00M samples/s",
        "1250000|1.25M samples/s", "NaN|? samples/s", "-5|? samples/s"})
    void rate(double perSecond, String text) {
        assertEquals(text, HumanUnits.rate(perSecond, "samples"));
    }

    @Test
    void anEpochPrintsItsFiguresInHumanUnits() {
        assertEquals("epoch 3: train loss 0.4120, train accuracy 85.20%, validation loss 0.4410, validation accuracy 84.10%, "
                + "lr 0.00100, 60000 samples in 2.31 s (26.0k samples/s)",
                new EpochResult(3, 0.412, 0.852, 0.441, 0.841, 0.001, 60000, 2_307_692_308L).toString());
        assertEquals("epoch 1: train loss 1.5000, lr 0.0100, 10 samples in 0.00 s (? samples/s)",
                new EpochResult(1, 1.5, Double.NaN, Double.NaN, Double.NaN, 0.01, 10, 0).toString());
    }
}
