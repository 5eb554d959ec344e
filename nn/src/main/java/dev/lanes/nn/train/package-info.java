/** The training loop, data sets, evaluation and batched prediction. */
package dev.lanes.nn.train;
