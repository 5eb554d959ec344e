/**
 * Tables of the user's own data: a {@link dev.lanes.nn.tabular.Table} read from CSV or TSV with a header (by
 * FastCSV), and the {@link dev.lanes.nn.tabular.TabularPreprocessor} fitted on its training rows that turns any
 * table of the same columns into network inputs and targets, and is saved in the model file's metadata so
 * prediction applies the very same transform.
 */
package dev.lanes.nn.tabular;
