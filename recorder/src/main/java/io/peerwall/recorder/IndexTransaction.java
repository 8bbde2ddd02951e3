package io.peerwall.recorder;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A user action's write to the index (a bookmark, a review flag, a lock, an export record) from a
 * connection other than the recorder's: one short {@code BEGIN IMMEDIATE} transaction, so the write
 * lock is taken first and what the action reads inside it is current (no other writer can commit in
 * between). It waits for the recorder's batch (busy timeout, 5 s) rather than failing. See
 * docs/storage.md section 3, "Other writers".
 */
public final class IndexTransaction {
  private IndexTransaction() {}

  /** Work inside the transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one immediate transaction; rolls back if it throws.
   *
   * @throws IndexException when the index cannot be written, with what was being done
   */
  public static <T> T write(Connection connection, String what, Work<T> work) {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        T result = work.run(connection);
        s.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IndexException("cannot " + what + ": " + reason(e), e);
    }
  }

  /**
   * Why a statement failed, for the user: a trigger's RAISE message as it was written (the driver
   * wraps it as "[SQLITE_CONSTRAINT_TRIGGER] A RAISE function ... abort (message)"), else the
   * driver's message.
   */
  public static String reason(SQLException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("[SQLITE_CONSTRAINT_TRIGGER]") && message.endsWith(")")) {
      int open = message.indexOf('(');
      if (open > 0) {
        return message.substring(open + 1, message.length() - 1);
      }
    }
    return message;
  }
}
