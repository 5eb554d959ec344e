package dev.lanes.cli.commands;

/**
 * The defaults of {@code lanes train} on images, in one place: chosen by measurement (cli/results/2026-12-06-default-trainer.md).
 * Tables (--csv) keep their own smaller defaults (TabularTraining).
 */
final class TrainDefaults {

    static final String HIDDEN = "512,128";
    static final String BATCH_NORM = "true";
    static final String DROPOUT = "0.1";
    static final String OPTIMIZER = "adam";
    static final String SCHEDULE = "cosine";
    static final String BATCH_SIZE = "64";
    static final String EPOCHS = "30";
    static final String VALIDATION = "0";
    static final String AUGMENT = "flip";

    private TrainDefaults() {
    }
}
