// Posts each alert to a webhook in one of the formats of webhook_format.h, over HTTPS with
// certificates verified (http_client.h). A non-2xx answer is a failure (retried by the
// runner); the URL and token are secrets, never in a log line or an error.
#pragma once

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "agent/alert/sinks/per_alert_sink.h"
#include "agent/alert/sinks/sink_type.h"
#include "agent/alert/sinks/webhook_format.h"
#include "agent/net/http_client.h"

namespace bgpsentry {

// `type: webhook`: {format, url | url_file | url_env, token | token_file | token_env,
// chat_id, method, headers, template, template_json, ca_file, proxy, timeout}.
struct WebhookSinkSettings {
  WebhookFormat format = WebhookFormat::kSlack;
  std::string url;    // secret (a chat webhook's path is its key)
  std::string token;  // telegram: the bot token, secret
  std::string chat_id;
  std::string method = "POST";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string text_template;  // empty: the format's default
  bool template_json = true;  // http: the template is JSON (values escaped, sent as JSON)
  HttpOptions http;
};

class WebhookSink : public PerAlertSink {
 public:
  // `state` (may be null) keeps the Telegram message each event's notices reply to.
  WebhookSink(std::string name, WebhookSinkSettings settings, AlertFactsLookup facts,
              MetaStore* state);
  const std::string& name() const override { return name_; }
  void reopen() override { reopen_ = true; }
  // Chat formats reach people: 10 messages a minute unless the config says otherwise.
  StormLimit default_storm() const override;
  size_t max_text_bytes() const override;

 private:
  Status send(const Alert& alert) override;
  HttpRequest request_for(const Alert& alert, const std::string& text);
  std::string thread_key(uint64_t event_id) const;

  std::string name_;
  WebhookSinkSettings settings_;
  AlertFactsLookup facts_;
  MetaStore* state_;
  bool template_uses_facts_;
  HttpClient client_;
  std::atomic<bool> reopen_{false};
};

SinkType webhook_sink_type();

}  // namespace bgpsentry
