package io.taskbus.node;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;

/** The process's CPU load and heap, as a worker announces them; read off the event loop. */
final class JvmLoad {

  private JvmLoad() {
  }

  /** The process's recent CPU load, 0 to 1, or -1 when this JVM cannot tell. */
  static double cpu() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      double load = sun.getProcessCpuLoad();
      return load >= 0 ? Math.min(1.0, load) : -1;
    }
    return -1;
  }

  static MemoryUsage heap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
  }
}
