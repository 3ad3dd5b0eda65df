/**
 * The training loop ({@link ipdnet2.train.loop.Trainer}): background batch preparation, PIT-MSE
 * steps with clipping and AdamW, per-epoch decay and validation
 * ({@link ipdnet2.train.loop.Validator}), exact-resume checkpoints
 * ({@link ipdnet2.train.loop.Checkpoint}), the best model as safetensors and a JSONL log.
 */
package ipdnet2.train.loop;
