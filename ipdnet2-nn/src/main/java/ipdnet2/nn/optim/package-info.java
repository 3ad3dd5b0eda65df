/** Optimisation: AdamW, the per-epoch learning-rate decay and gradient-norm clipping, with PyTorch semantics. */
package ipdnet2.nn.optim;
