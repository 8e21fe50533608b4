// Alerts as bgpsentry raises them, for the delivery tests.
#pragma once

#include "agent/alert/text/alert_text.h"
#include "agent/model/alert.h"

namespace bgpsentry::test {

// The notice that opens the event of the 2008 YouTube hijack (times and path as RouteViews
// recorded them in data/samples).
inline Alert youtube_hijack() {
  Alert a;
  a.id = 7;
  a.type = AlertType::kSubprefixHijack;
  a.prefix = *Prefix::parse("208.65.153.0/24");
  a.monitored_prefix = *Prefix::parse("208.65.152.0/22");
  a.observed_origin = 17557;
  a.expected_origins = {36561};
  a.as_path = AsPath::sequence({12956, 3491, 17557});
  a.peer_ip = *IpAddress::parse("213.140.32.148");
  a.peer_asn = 12956;
  a.source = "route-views2";
  a.first_seen_us = 1203878877'000000;  // 2008-02-24 18:47:57 UTC
  a.last_seen_us = 1203878961'000000;
  a.description = "A new prefix 208.65.153.0/24 is announced by AS17557 \"quoted\"";
  a.event_id = 3;
  a.notice = EventNotice::kStarted;
  a.confidence = 8;
  return a;
}

// What the agent would look up for it: prefixes.yml's description, and an event seen by
// three peers.
inline AlertFactsLookup youtube_facts() {
  return [](const Alert&) {
    AlertFacts f;
    f.prefix_description = "YouTube";
    Event e;
    e.peers.resize(3);
    f.event = e;
    return f;
  };
}

}  // namespace bgpsentry::test
