package io.taskbus.dashboard;

/**
 * Who looks at the dashboard: a logged-in user who may see their own jobs, or with
 * {@code view:*} (or {@code *}) every user's.
 */
public record Viewer(String user, boolean all) {

  /** True when this viewer may see what {@code owner}'s session reported. */
  boolean sees(String owner) {
    return all || user.equals(owner);
  }
}
