package ipdnet2.train.loop;

import ipdnet2.train.data.ClipSource;
import ipdnet2.train.data.Example;
import ipdnet2.train.data.ExampleMaker;
import ipdnet2.train.data.Seeds;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Prepares training batches on a background thread while the network computes, through a bounded
 * queue. Batch g holds the clips of seeds {@code Seeds.of(seed, 0, g·B + i)}, i < B, so the data
 * are a function of the seed and the batch index only, whatever the timing, and a resumed run
 * starting at batch g sees exactly what an uninterrupted one would.
 */
final class BatchPrefetcher implements AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean stopped;

    BatchPrefetcher(ClipSource source, ExampleMaker maker, long seed, int batch, long first, long count, int ahead) {
        queue = new ArrayBlockingQueue<>(ahead);
        thread = new Thread(() -> {
            try {
                for (long g = first; g < first + count && !stopped; g++) {
                    List<Example> ex = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) ex.add(maker.make(source.clip(Seeds.of(seed, 0, g * batch + i))));
                    queue.put(Batch.of(g, ex, maker.mics(), ExampleMaker.TRACKS));
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "batch-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next batch (blocking); a failure of the data preparation is rethrown here. */
    Batch next() throws InterruptedException {
        Object o = queue.take();
        if (o instanceof Batch b) return b;
        if (o instanceof RuntimeException e) throw e;
        if (o instanceof Error e) throw e;
        throw new IllegalStateException("no more training batches");
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
