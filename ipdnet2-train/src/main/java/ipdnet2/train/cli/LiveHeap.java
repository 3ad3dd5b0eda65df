package ipdnet2.train.cli;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches garbage collections and keeps the largest heap still in use after one: a measure of the
 * live working set (what must fit under -Xmx), unlike pool peaks, which include garbage awaiting
 * collection.
 */
final class LiveHeap implements AutoCloseable {
    private final AtomicLong max = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final java.util.Set<String> heapPools = new java.util.HashSet<>();
    private final NotificationListener listener = (n, h) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (java.util.Map.Entry<String, MemoryUsage> u : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(u.getKey())) used += u.getValue().getUsed();
        }
        max.accumulateAndGet(used, Math::max);
    };

    LiveHeap() {
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP) heapPools.add(p.getName());
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    /** Largest heap in use after any collection so far, bytes. */
    long maxAfterGc() {
        return max.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
