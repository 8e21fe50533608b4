# Shared by the benches (sourced; needs BIN). wait_for_status SOCKET TEST: reads the agent's
# status as JSON lines from one `bgpctl status --every 0.05` until the shell function TEST,
# given one line as $1, succeeds; that line is left in STATUS. A bgpctl process per look
# costs ~45 ms of CPU: polled like that every 0.1-0.2 s, the bench took 10-30% of the two
# cores from the replay it was timing.
wait_for_status() {
  local socket=$1 test=$2 line
  until [ -S "$socket" ]; do sleep 0.02; done
  while :; do
    while IFS= read -r line; do
      if "$test" "$line"; then
        STATUS=$line
        return 0
      fi
    done < <("$BIN/ctl/bgpctl" --socket "$socket" -o json status --every 0.05 2>/dev/null || true)
    sleep 0.05  # the API did not answer yet
  done
}
# A test for wait_for_status: every source finished.
all_finished() {
  [[ $1 == *'"state":"FINISHED"'* && $1 != *'"state":"RUNNING"'* && $1 != *'"state":"STARTING"'* ]]
}
