/** Optimisers (SGD with momentum, Adam) and learning-rate schedules. */
package dev.lanes.nn.optim;
