#include "agent/alert/sinks/syslog_sink.h"

#include <unistd.h>

#include "agent/config/yaml_fields.h"
#include "agent/core/clock.h"

namespace bgpsentry {

namespace {

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "-";
  return buf;
}

}  // namespace

SyslogSink::SyslogSink(std::string name, SyslogSinkSettings settings, AlertFactsLookup facts)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      facts_(std::move(facts)),
      template_uses_facts_(uses_facts(settings_.text_template)),
      connection_(settings_.address, settings_.ca_file, settings_.timeout) {
  header_.facility = settings_.facility;
  header_.hostname = host_name();
  header_.pid = static_cast<int>(::getpid());
}

Status SyslogSink::send(const Alert& alert) {
  if (reopen_.exchange(false)) connection_.close();
  const AlertFacts facts = template_uses_facts_ && facts_ ? facts_(alert) : AlertFacts{};
  const std::string text = render_template(settings_.text_template,
                                           alert_placeholders(alert, facts), TemplateEscape::kNone);
  const int64_t now = wall_clock_us();
  std::string line = settings_.address.local() ? local_syslog_line(header_, alert, text, now)
                                               : rfc5424_line(header_, alert, text, now);
  if (line.size() > message_limit()) line.resize(message_limit());
  return connection_.send(line);
}

namespace {

std::any read_syslog_sink(const YAML::Node& section, const SectionContext& ctx,
                          ConfigErrors& errors) {
  SyslogSinkSettings s;
  bool has_address = false;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (ctx.common(key)) continue;
    if (key == "address") {
      if (auto text = read_string(kv.second, ctx.where(key), errors)) {
        auto address = parse_syslog_address(*text);
        if (address) {
          s.address = *address;
          has_address = true;
        } else {
          errors.add(kv.second, ctx.where(key), address.error());
        }
      }
    } else if (key == "facility") {
      if (auto text = read_string(kv.second, ctx.where(key), errors)) {
        if (auto f = syslog_facility(*text))
          s.facility = *f;
        else
          errors.add(kv.second, ctx.where(key),
                     "unknown facility " + *text + " (kern, user, daemon, local0 … local7, …)");
      }
    } else if (key == "template") {
      if (auto text = read_template(kv.second, ctx.where(key), errors)) s.text_template = *text;
    } else if (key == "ca_file") {
      if (auto p = read_string(kv.second, ctx.where(key), errors)) s.ca_file = ctx.resolve(*p);
    } else if (key == "timeout") {
      if (auto n = read_int(kv.second, ctx.where(key), 1, 600, errors))
        s.timeout = std::chrono::seconds(*n);
    } else {
      ctx.unknown(kv.first, errors);
    }
  }
  if (!has_address && !section["address"].IsDefined())
    errors.add(
        section, ctx.where("address"),
        "a syslog sink needs an address (udp://, tcp://, tls://host:port or unix:///dev/log)");
  if (!s.ca_file.empty() && s.address.kind != SyslogAddress::Kind::kTls)
    errors.add(section["ca_file"], ctx.where("ca_file"), "only a tls:// address uses a ca_file");
  return s;
}

}  // namespace

SinkType syslog_sink_type() {
  return {"syslog", read_syslog_sink,
          [](const SinkConfig& config, const SinkContext& context) -> std::unique_ptr<AlertSink> {
            return std::make_unique<SyslogSink>(config.name, config.as<SyslogSinkSettings>(),
                                                context.facts);
          }};
}

}  // namespace bgpsentry
