package io.peerwall.station.feed;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Hands the newest decoded frame from one writer thread (the decoder) to one reader (the FX pulse
 * or a headless consumer) without locks, copies or allocation: three slots rotate between
 * "writing", "ready" and "reading". A frame published while the previous one was still unread
 * replaces it: that is the drop-oldest policy, and each such replacement is counted.
 *
 * <p>The writer may replace the object in its own slot (for example when the output size changes);
 * the atomic swap in {@link #publish()} makes the new object visible to the reader.
 */
public final class TripleBuffer<T> {
  private static final int FRESH = 4;
  private static final int INDEX_MASK = 3;

  private final Object[] slots = new Object[3];
  // Index of the "ready" slot, plus FRESH when it holds a frame the reader has not taken.
  private final AtomicInteger ready = new AtomicInteger(1);
  private final AtomicLong dropped = new AtomicLong();
  private int writing = 0; // writer thread only
  private int reading = 2; // reader thread only

  public TripleBuffer(Supplier<T> factory) {
    for (int i = 0; i < slots.length; i++) {
      slots[i] = factory.get();
    }
  }

  /** The slot the writer fills next. Writer thread only. */
  @SuppressWarnings("unchecked")
  public T writeSlot() {
    return (T) slots[writing];
  }

  /** Replaces the writer's slot object, e.g. with a buffer of another size. Writer thread only. */
  public void replaceWriteSlot(T replacement) {
    slots[writing] = replacement;
  }

  /** Makes the write slot the newest frame. Writer thread only. */
  public void publish() {
    int previous = ready.getAndSet(writing | FRESH);
    if ((previous & FRESH) != 0) {
      dropped.incrementAndGet();
    }
    writing = previous & INDEX_MASK;
  }

  /**
   * The newest frame if one arrived since the last call, otherwise {@code null}. The returned
   * object stays the reader's until the next call. Reader thread only.
   */
  @SuppressWarnings("unchecked")
  public T takeLatest() {
    if ((ready.get() & FRESH) == 0) {
      return null;
    }
    int previous = ready.getAndSet(reading);
    reading = previous & INDEX_MASK;
    return (T) slots[reading];
  }

  /** The frame the reader took last (or its initial slot). Reader thread only. */
  @SuppressWarnings("unchecked")
  public T lastTaken() {
    return (T) slots[reading];
  }

  /** Frames replaced by a newer one before the reader took them. */
  public long dropped() {
    return dropped.get();
  }
}
