/**
 * Model files and checkpoints in the safetensors format, with tensors named as PyTorch names them; a bad file
 * gets an {@link dev.lanes.nn.io.InvalidModelFileException} naming the file and the tensor.
 */
package dev.lanes.nn.io;
