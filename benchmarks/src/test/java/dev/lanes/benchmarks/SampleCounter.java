package dev.lanes.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Samples processed (trained on or inferred), which JMH reports as the secondary metric {@code samples}, per second. */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class SampleCounter {
    public long samples;

    @Setup(Level.Iteration)
    public void reset() {
        samples = 0;
    }
}
