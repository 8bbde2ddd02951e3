package io.peerwall.p2p.pairing;

/** The camera refused a new password; {@link #verdict()} says why. */
public final class WeakPasswordException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient PasswordPolicy.Verdict verdict;

  public WeakPasswordException(PasswordPolicy.Verdict verdict) {
    super("password refused (" + verdict.verdict() + "): " + String.join("; ", verdict.reasons()));
    this.verdict = verdict;
  }

  public PasswordPolicy.Verdict verdict() {
    return verdict;
  }
}
