package io.tlsecho.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** This process's CPU time, where the JVM tells it. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU nanoseconds used so far by every thread of this process, or -1 when unknown. */
    static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
