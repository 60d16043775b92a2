package io.taskbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Dashboard sessions on a virtual clock. */
class DashboardSessionsTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final DashboardSessions sessions = new DashboardSessions(clock::get);
  private final Viewer bob = new Viewer("bob", false);

  @Test
  void aSession_livesWhileUsed_andEndsAfterItsIdleTime() {
    String id = sessions.open(bob);
    assertThat(id).hasSizeGreaterThanOrEqualTo(43); // 256 random bits
    clock.addAndGet(DashboardSessions.IDLE_MS);
    assertThat(sessions.get(id)).isEqualTo(bob);
    clock.addAndGet(DashboardSessions.IDLE_MS + 1);
    assertThat(sessions.get(id)).isNull();
    assertThat(sessions.get("guessed")).isNull();
    assertThat(sessions.get(null)).isNull();
  }

  @Test
  void aSession_endsAtItsMaximumAge_howeverBusy() {
    String id = sessions.open(bob);
    for (long t = 0; t < DashboardSessions.MAX_AGE_MS; t += DashboardSessions.IDLE_MS / 2) {
      assertThat(sessions.get(id)).isEqualTo(bob);
      clock.addAndGet(DashboardSessions.IDLE_MS / 2);
    }
    clock.addAndGet(1);
    assertThat(sessions.get(id)).isNull();
  }

  @Test
  void logout_endsTheSession_andIdsAreNeverReused() {
    String id = sessions.open(bob);
    sessions.close(id);
    assertThat(sessions.get(id)).isNull();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      ids.add(sessions.open(bob));
    }
    assertThat(ids).hasSize(100);
  }

  @Test
  void sessions_areBounded_theLeastRecentlyUsedGoingFirst() {
    String kept = sessions.open(bob);
    String dropped = sessions.open(bob);
    for (int i = 0; i < DashboardSessions.MAX_SESSIONS - 2; i++) {
      sessions.open(bob);
    }
    sessions.get(kept);
    sessions.open(new Viewer("alice", true));
    assertThat(sessions.size()).isEqualTo(DashboardSessions.MAX_SESSIONS);
    assertThat(sessions.get(kept)).isEqualTo(bob);
    assertThat(sessions.get(dropped)).isNull();
  }
}
