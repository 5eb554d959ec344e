package dev.lanes.nn.optim;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The schedules against the rates (and one-cycle's momenta) PyTorch 1.13's schedulers gave, step by step
 * ({@code torch-schedules.txt}, from {@code nn/scripts/optimizer_fixtures.py}).
 *
 * <p>Tolerance: PyTorch's schedulers update the rate recursively (each epoch multiplies the last rate by a
 * ratio), Lanes evaluates the closed form; after n ≤ 30 steps the two differ by at most 2n roundings, 60u
 * relative (u = 2⁻⁵³); one-cycle evaluates the same cosine on the same fraction, a few roundings. We allow 64u
 * relative. A wrong boundary or factor is off by a whole step of the schedule.
 */
class ScheduleFixtureTest {

    private static final double RELATIVE = 64 * 0x1p-53;
    private static final int ONE_CYCLE_BATCHES = 7;

    /** Each PyTorch case as Lanes builds it; one-cycle cases run over 4 epochs of 7 batches. */
    private static final Map<String, Supplier<LearningRateSchedule>> CASES = Map.ofEntries(
            Map.entry("linear-defaults", () -> LearningRateSchedule.linear(0.1, 1.0 / 3, 1, 5)),
            Map.entry("linear-decay", () -> LearningRateSchedule.linear(0.1, 1.0, 0.1, 4)),
            Map.entry("exponential", () -> LearningRateSchedule.exponential(0.1, 0.9)),
            Map.entry("warmup-exponential", () -> LearningRateSchedule.exponential(0.1, 0.8).withLinearWarmup(3, 0.25)),
            Map.entry("warmup-step", () -> LearningRateSchedule.step(0.1, 3, 0.5).withLinearWarmup(2, 0.5)),
            Map.entry("one-cycle-sgd", () -> LearningRateSchedule.oneCycle(0.1, 4)),
            Map.entry("one-cycle-adam", () -> LearningRateSchedule.oneCycle(0.1, 4)),
            Map.entry("one-cycle-custom", () -> LearningRateSchedule.oneCycle(0.1, 4).withPctStart(0.25)
                    .withDivFactors(10, 100).withMomentumRange(0.8, 0.9)),
            Map.entry("plateau-defaults", () -> new ReduceLrOnPlateau(0.1)),
            Map.entry("plateau-max-abs-cooldown", () -> new ReduceLrOnPlateau(0.1).withMode(ReduceLrOnPlateau.Mode.MAX)
                    .withReduction(0.5, 2).withThreshold(0.01, false).withCooldownAndFloor(1, 0.02)),
            Map.entry("plateau-min-abs", () -> new ReduceLrOnPlateau(0.1).withThreshold(0.05, false).withReduction(0.3, 1)));

    private static final List<TorchFixtures.Line> LINES = TorchFixtures.read("torch-schedules.txt");

    private static Map<String, double[]> lines(String name) {
        Map<String, double[]> byKind = new LinkedHashMap<>();
        for (TorchFixtures.Line line : LINES) {
            if (line.word(1).equals(name)) {
                byKind.put(line.word(2), line.numbers());
            }
        }
        return byKind;
    }

    @Test
    void everyFixtureCaseHasALanesScheduleAndViceVersa() {
        TreeSet<String> inFixture = new TreeSet<>();
        LINES.forEach(l -> inFixture.add(l.word(1)));
        assertEquals(new TreeSet<>(CASES.keySet()), inFixture);
    }

    @TestFactory
    Stream<DynamicTest> ratesAsPyTorch() {
        return CASES.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> {
            Map<String, double[]> fixture = lines(name);
            LearningRateSchedule schedule = CASES.get(name).get();
            double[] rates = fixture.get("lr");
            if (schedule instanceof ReduceLrOnPlateau plateau) {
                double[] metrics = fixture.get("metric");
                for (int epoch = 0; epoch <= metrics.length; epoch++) {
                    near(name + " rate of epoch " + epoch, rates[epoch], plateau.rate(epoch));
                    if (epoch < metrics.length) {
                        plateau.step(metrics[epoch]);
                    }
                }
            } else if (schedule instanceof OneCycle cycle) {
                double[] momenta = fixture.get("momentum");
                for (int step = 0; step < rates.length; step++) {
                    int epoch = step / ONE_CYCLE_BATCHES, batch = step % ONE_CYCLE_BATCHES;
                    near(name + " rate of step " + step, rates[step], cycle.rate(epoch, batch, ONE_CYCLE_BATCHES));
                    near(name + " momentum of step " + step, momenta[step], cycle.momentum(epoch, batch, ONE_CYCLE_BATCHES));
                }
            } else {
                for (int epoch = 0; epoch < rates.length; epoch++) {
                    near(name + " rate of epoch " + epoch, rates[epoch], schedule.rate(epoch));
                    assertEquals(schedule.rate(epoch), schedule.rate(epoch, 3, 5), name + ": an epoch schedule is flat within the epoch");
                }
            }
        }));
    }

    private static void near(String what, double expected, double actual) {
        if (!(Math.abs(expected - actual) <= RELATIVE * Math.abs(expected))) {
            fail(what + ": " + actual + ", PyTorch " + expected);
        }
    }

    @Test
    void aPlateauScheduleResumedFromItsStateContinuesExactly() {
        double[] metrics = lines("plateau-max-abs-cooldown").get("metric");
        Supplier<LearningRateSchedule> make = CASES.get("plateau-max-abs-cooldown");
        for (int split = 0; split <= metrics.length; split++) {
            ReduceLrOnPlateau straight = (ReduceLrOnPlateau) make.get(), first = (ReduceLrOnPlateau) make.get();
            for (int e = 0; e < split; e++) {
                straight.step(metrics[e]);
                first.step(metrics[e]);
            }
            ReduceLrOnPlateau resumed = (ReduceLrOnPlateau) make.get();
            resumed.restoreState(first.state());
            for (int e = split; e < metrics.length; e++) {
                straight.step(metrics[e]);
                resumed.step(metrics[e]);
                assertEquals(straight.rate(e), resumed.rate(e), "split at " + split + ", epoch " + e);
            }
            assertEquals(straight.state(), resumed.state());
        }
    }

    @Test
    void aBrokenPlateauStateIsRefusedWhole() {
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(0.1);
        plateau.step(1.0);
        Map<String, String> before = plateau.state();
        for (Map<String, String> bad : List.of(Map.of("rate", "0.1"),
                Map.of("rate", "-1", "best", "1", "bad_epochs", "0", "cooldown_left", "0"),
                Map.of("rate", "0.1", "best", "x", "bad_epochs", "0", "cooldown_left", "0"),
                Map.of("rate", "0.1", "best", "1", "bad_epochs", "-2", "cooldown_left", "0"))) {
            assertThrows(IllegalArgumentException.class, () -> plateau.restoreState(bad), bad.toString());
            assertEquals(before, plateau.state(), bad.toString());
        }
    }

    @Test
    void oneCycleRefusesStepsBeyondItsEnd() {
        OneCycle cycle = LearningRateSchedule.oneCycle(0.1, 2);
        cycle.rate(2, 0, 10); // step 20 of 20: PyTorch allows stepping to total_steps
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cycle.rate(2, 1, 10));
        assertTrue(e.getMessage().contains("step 21") && e.getMessage().contains("20 steps"), e.getMessage());
        // PyTorch's form peak + (start − peak)/2·(cos 0 + 1) rounds relative to the peak, 0.1: within 4u of it.
        assertEquals(0.1 / 25, cycle.rate(0, 0, 10), 4 * 0x1p-53 * 0.1, "the first step starts at maxRate / divFactor");
    }

    @Test
    void badSettingsAreRefusedNamingTheArgument() {
        Map<String, Runnable> bad = Map.ofEntries(
                Map.entry("gamma", () -> LearningRateSchedule.exponential(0.1, 0)),
                Map.entry("startFactor", () -> LearningRateSchedule.linear(0.1, 0, 1, 5)),
                Map.entry("totalIters", () -> LearningRateSchedule.linear(0.1, 0.5, 1, 0)),
                Map.entry("epochs", () -> LearningRateSchedule.oneCycle(0.1, 0)),
                Map.entry("maxRate", () -> LearningRateSchedule.oneCycle(Double.NaN, 3)),
                Map.entry("pctStart", () -> LearningRateSchedule.oneCycle(0.1, 3).withPctStart(1)),
                Map.entry("momenta", () -> LearningRateSchedule.oneCycle(0.1, 3).withMomentumRange(0.9, 0.8)),
                Map.entry("factor", () -> new ReduceLrOnPlateau(0.1).withReduction(1, 3)),
                Map.entry("patience", () -> new ReduceLrOnPlateau(0.1).withReduction(0.5, -1)),
                Map.entry("initialRate", () -> new ReduceLrOnPlateau(-0.1)));
        bad.forEach((name, call) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, name);
            assertTrue(e.getMessage().contains(name), name + ": " + e.getMessage());
        });
    }
}
