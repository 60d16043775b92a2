package io.taskbus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionsTest {

  @Test
  void run_allowsTheNamedTaskOrEveryTask() {
    assertThat(Permissions.allows(List.of("run:double"), "double")).isTrue();
    assertThat(Permissions.allows(List.of("run:double"), "mul")).isFalse();
    assertThat(Permissions.allows(List.of("run:*"), "mul")).isTrue();
    assertThat(Permissions.allows(List.of("*"), "mul")).isTrue();
    assertThat(Permissions.allows(List.of("view:*"), "mul")).isFalse();
  }

  @Test
  void view_letsAUserSeeOwnJobs_viewStarEveryonesJobs_starBoth() {
    assertThat(Permissions.mayView(List.of("view"))).isTrue();
    assertThat(Permissions.mayViewAll(List.of("view"))).isFalse();
    assertThat(Permissions.mayView(List.of("view:*"))).isTrue();
    assertThat(Permissions.mayViewAll(List.of("view:*"))).isTrue();
    assertThat(Permissions.mayView(List.of("*"))).isTrue();
    assertThat(Permissions.mayViewAll(List.of("*"))).isTrue();
    assertThat(Permissions.mayView(List.of("run:*", "run:double"))).isFalse();
    assertThat(Permissions.mayViewAll(List.of())).isFalse();
  }
}
