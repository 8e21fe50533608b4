// Mails each alert (mail_message.h) through an SMTP server with libcurl: STARTTLS on smtp://
// (required when `starttls`), implicit TLS on smtps://, AUTH with a username and a password
// kept secret, several recipients. A refused message is a failure (retried by the runner).
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "agent/alert/sinks/mail_message.h"
#include "agent/alert/sinks/per_alert_sink.h"
#include "agent/alert/sinks/sink_type.h"

namespace bgpsentry {

// `type: email`: {url, starttls, from, to, username, password | password_file |
// password_env, subject, template, ca_file, timeout}.
struct EmailSinkSettings {
  std::string url;  // smtp://host:587 or smtps://host:465
  bool starttls = true;
  std::string from;
  std::vector<std::string> to;
  std::string username;
  std::string password;  // secret
  std::string subject_template = "[bgpsentry] ${channel}: ${summary}";
  std::string body_template;  // empty: kDefaultBody
  std::string ca_file;
  std::chrono::milliseconds timeout{30000};
};

class EmailSink : public PerAlertSink {
 public:
  static const char* const kDefaultBody;

  EmailSink(std::string name, EmailSinkSettings settings, AlertFactsLookup facts);
  const std::string& name() const override { return name_; }
  StormLimit default_storm() const override { return {10, 60}; }  // mail reaches people

 private:
  Status send(const Alert& alert) override;

  std::string name_;
  EmailSinkSettings settings_;
  AlertFactsLookup facts_;
  bool templates_use_facts_;
  MailHeader header_;
};

SinkType email_sink_type();

}  // namespace bgpsentry
