// Sends each alert as one syslog message (syslog_message.h) over UDP, TCP, TLS or the
// local socket (syslog_transport.h). `template` words the message (default ${summary}).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "agent/alert/sinks/per_alert_sink.h"
#include "agent/alert/sinks/sink_type.h"
#include "agent/alert/sinks/syslog_message.h"
#include "agent/alert/sinks/syslog_transport.h"

namespace bgpsentry {

// `type: syslog`: {address, facility, template, ca_file, timeout}.
struct SyslogSinkSettings {
  SyslogAddress address;
  int facility = 3;  // daemon
  std::string text_template = "${summary}";
  std::string ca_file;  // TLS: the CAs the collector's certificate chains to
  std::chrono::milliseconds timeout{10000};
};

class SyslogSink : public PerAlertSink {
 public:
  // Datagrams (UDP, the local socket) are cut at this size; rsyslog's default limit is 8 KiB.
  static constexpr size_t kMaxDatagram = 8192;
  static constexpr size_t kMaxStreamMessage = 65536;

  SyslogSink(std::string name, SyslogSinkSettings settings, AlertFactsLookup facts);
  const std::string& name() const override { return name_; }
  void reopen() override { reopen_ = true; }
  size_t max_text_bytes() const override { return message_limit() - 600; }  // header, SD

 private:
  Status send(const Alert& alert) override;
  size_t message_limit() const {
    return settings_.address.stream() ? kMaxStreamMessage : kMaxDatagram;
  }

  std::string name_;
  SyslogSinkSettings settings_;
  AlertFactsLookup facts_;
  bool template_uses_facts_;
  SyslogHeader header_;
  SyslogConnection connection_;
  std::atomic<bool> reopen_{false};
};

SinkType syslog_sink_type();

}  // namespace bgpsentry
