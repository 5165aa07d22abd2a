#!/usr/bin/env python3
"""Peak resident memory of a process and all its descendants together, sampled from /proc until it exits.
/usr/bin/time's %M is the largest single process (its children's rusage is a maximum, not a sum); this adds up
the tree, so a tool that forks workers is not under-counted. Prints the peak in KB.
Usage: peak_rss.py PID [INTERVAL_SECONDS=0.1]"""
import os, sys, time

PAGE_KB = os.sysconf('SC_PAGE_SIZE') // 1024


def tree_kb(root):
    children = {}
    for name in os.listdir('/proc'):
        if name.isdigit():
            try:
                with open(f'/proc/{name}/stat', 'rb') as f:
                    stat = f.read()
                # The command name may hold spaces and parentheses: ppid is the second field after the last ')'.
                ppid = int(stat[stat.rindex(b')') + 2:].split()[1])
                children.setdefault(ppid, []).append(int(name))
            except (OSError, ValueError):
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f'/proc/{pid}/statm') as f:
                total += int(f.read().split()[1]) * PAGE_KB
        except (OSError, ValueError, IndexError):
            pass
    return total


def main():
    root = int(sys.argv[1])
    interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    peak = 0
    while os.path.exists(f'/proc/{root}'):
        peak = max(peak, tree_kb(root))
        time.sleep(interval)
    print(peak)


if __name__ == '__main__':
    main()
