/**
 * Float32 tensors with reverse-mode automatic differentiation, written for training IPDnet2 on
 * a CPU.
 *
 * <h2>Tensors</h2>
 * A {@link ipdnet2.nn.Tensor} is a shape over one contiguous row-major {@code float[]}. Layouts
 * are always contiguous: {@link ipdnet2.nn.Layout#permute permute} materialises,
 * {@link ipdnet2.nn.Layout#reshape reshape} shares storage. The network's layout is
 * channels-last ([B, F, T, H]), so Linear, LayerNorm and PReLU act on the last axis and the
 * convolutions and pooling take the axis to work along, which spares most permutes.
 *
 * <h2>Autograd</h2>
 * Every op is a class with static methods ({@link ipdnet2.nn.Pointwise},
 * {@link ipdnet2.nn.Layout}, {@link ipdnet2.nn.Reduce}, {@link ipdnet2.nn.LinearOp},
 * {@link ipdnet2.nn.Conv1dOp}, {@link ipdnet2.nn.LayerNormOp}, {@link ipdnet2.nn.PoolOp},
 * {@link ipdnet2.nn.ScanOp}); each forward computes its result and, when the result needs a
 * gradient, attaches a hand-written backward closure next to it in the same method. The graph
 * links gradient nodes, not tensors: a closure captures its inputs' nodes and only the arrays its
 * formula needs (a product keeps its operands, a sum nothing), so during training an activation
 * that no backward needs is garbage as soon as the next op has consumed it.
 * {@link ipdnet2.nn.Tensor#backward()} orders the graph into a tape (reverse topological order)
 * and runs the closures from the loss to the leaves; each closure adds dL/d(input) into its
 * inputs' gradient buffers. Leaves created by {@link ipdnet2.nn.Tensor#parameter} keep their
 * accumulated gradient; intermediate gradients and the graph are freed as soon as they have
 * been propagated.
 *
 * <h2>Inference</h2>
 * Inside a {@link ipdnet2.nn.NoGrad} scope nothing is recorded and no backward state (e.g. the
 * LayerNorm statistics) is kept, so each activation is garbage once the next layer has
 * consumed it, and the in-place variants ({@link ipdnet2.nn.Pointwise#residual},
 * {@link ipdnet2.nn.Pointwise#siluInPlace}) reuse their input's storage.
 *
 * <h2>Performance</h2>
 * Matrix products go through {@link ipdnet2.nn.kernels.Gemm}, the scan through
 * {@link ipdnet2.nn.kernels.SelectiveScan}; element-wise, normalisation, convolution and pooling
 * loops are split over rows with {@link ipdnet2.nn.kernels.Parallel}. Reductions that cross rows
 * (bias and weight gradients) sum per-chunk partials in a fixed order, so results are
 * reproducible for a given thread count.
 */
package ipdnet2.nn;
