/** Optimisers (SGD with classical or Nesterov momentum, Adam, AdamW, RMSprop, Adagrad), gradient clipping and learning-rate schedules. */
package dev.lanes.nn.optim;
