package io.taskbus.auth;

import java.util.Collection;

/**
 * The permission rules. Running: {@code *}, {@code run:*} or {@code run:<task>} lets a user run
 * a task. Watching (the dashboard): {@code view} shows a user their own jobs, {@code view:*}
 * every user's; {@code *} allows both.
 */
public final class Permissions {

  public static final String RUN_PREFIX = "run:";
  public static final String ALL = "*";
  /** See one's own jobs on the dashboard (and the cluster's workers). */
  public static final String VIEW = "view";
  /** See every user's jobs on the dashboard. */
  public static final String VIEW_ALL = "view:*";

  private Permissions() {
  }

  public static boolean allows(Collection<String> permissions, String task) {
    return permissions.contains(ALL) || permissions.contains(RUN_PREFIX + "*")
        || permissions.contains(RUN_PREFIX + task);
  }

  /** True when the user may open the dashboard at all. */
  public static boolean mayView(Collection<String> permissions) {
    return permissions.contains(ALL) || permissions.contains(VIEW)
        || permissions.contains(VIEW_ALL);
  }

  /** True when the user may see every user's jobs, not only their own. */
  public static boolean mayViewAll(Collection<String> permissions) {
    return permissions.contains(ALL) || permissions.contains(VIEW_ALL);
  }
}
