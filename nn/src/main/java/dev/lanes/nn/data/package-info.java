/**
 * Data for training, in the spirit of PyTorch's {@code torch.utils.data}: a {@link dev.lanes.nn.data.Dataset}
 * of in-memory samples and targets (class indices or values), a {@link dev.lanes.nn.data.DataLoader} that cuts
 * it into seeded, shuffled batches without allocating per batch, and per-batch transforms such as
 * {@link dev.lanes.nn.data.Standardizer}.
 */
package dev.lanes.nn.data;
