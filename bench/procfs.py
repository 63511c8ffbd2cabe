"""Per-thread CPU time of a process, from /proc/PID/task: read by bench/https.py and bench/warmup.py."""
import collections
import os


def thread_ticks(pid):
    """CPU ticks (user + system) of the process's threads, summed by thread name (the JVM names its compiler,
    collector and VM threads; the event loops carry Netty's names)."""
    out = collections.Counter()
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        out[name] += int(fields[11]) + int(fields[12])
    return out
