#!/bin/sh
# Logs, every 0.5 s, java processes on the machine that are not this worktree's (co-runners of a sitting).
while true; do
  ps -eo pid=,pcpu=,args= | grep '[j]ava' | grep -v wt-cores | grep -v surefire | cut -c1-110 | sed "s/^/$(date -u +%T.%N | cut -c1-10) /"
  ps -eo pid=,pcpu=,args= | grep '[s]urefire' | cut -c1-60 | sed "s/^/$(date -u +%T.%N | cut -c1-10) SUREFIRE /"
  sleep 0.5
done
