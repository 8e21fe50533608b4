// What sinks read from outside: templates and addresses from the config, a Telegram server's
// answer, and any text they quote in a mail. The first byte picks which; the rest is the
// input. Any bytes give a result or a reasoned error, never a crash, and what a mail carries
// keeps its lines within RFC 5322's bounds.
#include <cstdlib>
#include <string>
#include <string_view>

#include "agent/alert/sinks/mail_message.h"
#include "agent/alert/sinks/syslog_transport.h"
#include "agent/alert/sinks/webhook_format.h"
#include "agent/alert/text/alert_text.h"
#include "tests/fuzz/fuzz_targets.h"

namespace bgpsentry::fuzz {

namespace {

Alert sample_alert() {
  Alert a;
  a.id = 7;
  a.type = AlertType::kSubprefixHijack;
  a.prefix = *Prefix::parse("208.65.153.0/24");
  a.monitored_prefix = *Prefix::parse("208.65.152.0/22");
  a.observed_origin = 17557;
  a.expected_origins = {36561};
  a.as_path = AsPath::sequence({12956, 3491, 17557});
  a.first_seen_us = a.last_seen_us = 1203878877'000000;
  a.event_id = 3;
  a.notice = EventNotice::kStarted;
  return a;
}

}  // namespace

size_t sink_text(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0: {  // a template, rendered plain and as JSON
      static const Placeholders values = alert_placeholders(sample_alert(), {});
      const auto plain = render_template(text, values, TemplateEscape::kNone);
      const auto json = render_template(text, values, TemplateEscape::kJson);
      return unknown_placeholders(text).size() + (plain.size() + json.size() > 0);
    }
    case 1:  // a syslog address
      return parse_syslog_address(text).ok();
    case 2:  // a Telegram answer
      return telegram_message_id(text).has_value();
    default: {  // text a mail quotes: lines of at most 76 characters, CRLF only
      const std::string qp = quoted_printable(text);
      size_t column = 0;
      for (size_t i = 0; i < qp.size(); ++i) {
        if (qp[i] == '\r') {
          if (i + 1 >= qp.size() || qp[i + 1] != '\n') std::abort();
          column = 0;
          ++i;
          continue;
        }
        if (qp[i] == '\n' || ++column > 76) std::abort();
      }
      // A subject's only line breaks are folds ("\r\n "): it cannot add a header.
      const std::string subject = header_text(text);
      for (size_t at = subject.find('\n'); at != std::string::npos; at = subject.find('\n', at + 1))
        if (at == 0 || subject[at - 1] != '\r' || at + 1 >= subject.size() ||
            subject[at + 1] != ' ')
          std::abort();
      return 1;
    }
  }
}

}  // namespace bgpsentry::fuzz

#ifdef BGPSENTRY_FUZZ_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgpsentry::fuzz::sink_text(data, size);
  return 0;
}
#endif
