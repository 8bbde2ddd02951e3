package io.peerwall.station.review;

/**
 * The hand-off of commands to one player's thread: a queue of one, the newest wins. A command
 * replaced before the player took it is dropped and counted (a scrub sends one per mouse move; only
 * the latest matters). The player waits here while idle and during a long task checks whether it
 * was replaced.
 */
final class CommandSlot {
  private PlayerCommand pending;
  private PlayerCommand current;
  private long replaced;

  /** Puts a command in, replacing one not yet taken. */
  synchronized void offer(PlayerCommand command) {
    if (pending != null) {
      replaced++;
    }
    pending = command;
    notifyAll();
  }

  /** Takes the newest command, waiting for one. */
  synchronized PlayerCommand take() throws InterruptedException {
    while (pending == null) {
      wait();
    }
    current = pending;
    pending = null;
    return current;
  }

  /** Whether a command newer than {@code command} is waiting. */
  synchronized boolean replaced(PlayerCommand command) {
    return pending != null && pending.number() > command.number();
  }

  /**
   * Waits up to {@code nanos} or until a newer command than {@code command} arrives.
   *
   * @return true when a newer command is waiting
   */
  synchronized boolean awaitReplaced(PlayerCommand command, long nanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (!replaced(command)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    return true;
  }

  /** Commands dropped because a newer one came before the player took them. */
  synchronized long replacedCount() {
    return replaced;
  }
}
