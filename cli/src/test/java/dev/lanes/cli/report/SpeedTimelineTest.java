package dev.lanes.cli.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.lanes.nn.datasets.Failures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeedTimelineTest {

    private static final long MS = 1_000_000L;

    @Test
    void windowsCloseAtTheFirstBatchEndPastEveryAndNeverSpanAnEpochEnd() {
        SpeedTimeline timeline = new SpeedTimeline(250);
        timeline.epochStart(0);
        timeline.batchEnd(100, 10 * MS);
        timeline.batchEnd(100, 20 * MS);
        timeline.batchEnd(100, 25 * MS);  // 300 >= 250: the first window, 300 samples in 25 ms
        timeline.batchEnd(100, 30 * MS);
        timeline.batchEnd(50, 40 * MS);   // the epoch's last batch: a part-filled window of 150 in 15 ms
        timeline.epochEnd();              // validation ran until now; it is not training time
        timeline.epochStart(500 * MS);
        timeline.batchEnd(250, 505 * MS); // exactly every: 250 samples in 5 ms
        timeline.epochEnd();              // nothing left over: no empty window

        assertEquals(List.of(new SpeedTimeline.Window(300, 25 * MS), new SpeedTimeline.Window(150, 15 * MS),
                new SpeedTimeline.Window(250, 5 * MS)), timeline.windows());
        assertEquals(12_000, timeline.windows().getFirst().samplesPerSecond(), 1e-9);
        assertEquals("speed per 250 samples (samples/s): 12.0k 10.0k 50.0k", timeline.describe(0));
        assertEquals("speed per 250 samples (samples/s): 50.0k", timeline.describe(2), "the second epoch's windows");
    }

    @Test
    void speedOverTheFirstSamplesTakesWholeWindowsFromTheStart() {
        SpeedTimeline timeline = new SpeedTimeline(100);
        timeline.epochStart(0);
        timeline.batchEnd(100, 100 * MS);  // 1,000 samples/s
        timeline.batchEnd(100, 110 * MS);  // 10,000 samples/s
        timeline.batchEnd(100, 111 * MS);  // 100,000 samples/s
        timeline.epochEnd();

        assertEquals(1_000, timeline.samplesPerSecondOverFirst(100), 1e-9);
        assertEquals(200 / 0.110, timeline.samplesPerSecondOverFirst(150), 1e-9, "whole windows: the first two");
        assertEquals(300 / 0.111, timeline.samplesPerSecondOverFirst(10_000), 1e-9, "fewer trained: the whole run");
        assertTrue(Double.isNaN(new SpeedTimeline(100).samplesPerSecondOverFirst(100)), "no window, no speed");
    }

    @Test
    void everyMustBeAtLeastOneSample() {
        assertFails(IllegalArgumentException.class, () -> new SpeedTimeline(0), "every must be at least 1 sample, got 0");
    }
}
